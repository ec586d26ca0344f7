namespace Orchestrator.Storage.Audit;

/// <summary>An audit row to append: who moved what (which hierarchy, which node(s)), when, from which state to which, and why.</summary>
public sealed record NewAuditEntry(
    DateTimeOffset At,
    long? ProcedureId,
    string Kind,
    string? Hierarchy,
    string? FromState,
    string? ToState,
    string Trigger,
    string Actor,
    string Reason,
    string? Data = null,
    string? Nodes = null);
