using Orchestrator.Domain.Cluster;

namespace Orchestrator.Domain.Validation;

/// <summary>One problem in a cluster definition: where, what, and how to fix it.</summary>
public sealed record ValidationError(SourceLocation Location, string Message, string Fix)
{
    public string Format(string file) => $"{file}:{Location.Line}:{Location.Column}: {Message} Fix: {Fix}";
}
