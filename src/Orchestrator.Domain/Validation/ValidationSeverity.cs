namespace Orchestrator.Domain.Validation;

/// <summary>An error refuses the definition (exit 2); a warning is printed and the definition is still accepted.</summary>
public enum ValidationSeverity
{
    Error,
    Warning,
}
