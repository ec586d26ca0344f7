namespace Orchestrator.Workflows.Administration;

/// <summary>
/// What every administration command asks of <see cref="AdminCommandSupport"/> whatever it changes: the procedure's
/// <paramref name="Kind"/>, who asked and why (the audit's words), whether --force overrides the rule's S6 warnings, and
/// whether the procedure removes the hierarchy (then its end records no placement for it; otherwise the hierarchy stays where
/// it is in service).
/// </summary>
public sealed record AdminRequest(string Kind, string Actor, string? Reason, bool Force = false, bool RemovesHierarchy = false);
