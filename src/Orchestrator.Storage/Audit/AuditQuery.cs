namespace Orchestrator.Storage.Audit;

/// <summary>
/// A filter over the journal, with paging: the newest <see cref="Limit"/> matching rows (oldest first), or — with
/// <see cref="AfterId"/> — the next <see cref="Limit"/> rows after that sequence. <see cref="Outcome"/> is
/// completed, cancelled, failed (a step failed or exceeded MAXWAIT), waiting, suspended, or any state name.
/// </summary>
public sealed record AuditQuery(
    string? Hierarchy = null,
    long? ProcedureId = null,
    int Limit = 1000,
    string? Kind = null,
    string? Actor = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    string? Outcome = null,
    long? AfterId = null);
