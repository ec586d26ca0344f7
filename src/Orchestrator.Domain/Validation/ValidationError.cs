using Orchestrator.Domain.Cluster;

namespace Orchestrator.Domain.Validation;

/// <summary>One problem in a cluster definition: where, what, and how to fix it; a warning does not refuse the definition.</summary>
public sealed record ValidationError(SourceLocation Location, string Message, string Fix)
{
    public ValidationSeverity Severity { get; init; } = ValidationSeverity.Error;

    public bool IsWarning => Severity == ValidationSeverity.Warning;

    public string Format(string file) => $"{file}:{Location.Line}:{Location.Column}: {(IsWarning ? "warning: " : "")}{Message} Fix: {Fix}";
}
