using Orchestrator.Domain.Cluster;

namespace Orchestrator.Domain.Validation;

/// <summary>One problem in a cluster definition: where, what, and how to fix it; a warning does not refuse the definition.</summary>
public sealed record ValidationError(SourceLocation Location, string Message, string Fix)
{
    public ValidationSeverity Severity { get; init; } = ValidationSeverity.Error;

    public bool IsWarning => Severity == ValidationSeverity.Warning;

    /// <summary>"file:line:column: message Fix: fix", always one line: any control character left in the text is escaped (<see cref="FileText.OneLine"/>).</summary>
    public string Format(string file) =>
        FileText.OneLine($"{file}:{Location.Line}:{Location.Column}: {(IsWarning ? "warning: " : "")}{Message} Fix: {Fix}");
}
