namespace Orchestrator.Storage.Audit;

/// <summary>
/// The result of recomputing the hash chain; <see cref="FirstBrokenId"/> is null when it holds, else the first bad
/// sequence and <see cref="Problem"/> says what differs (the row's content, or its link to the row before).
/// </summary>
public sealed record AuditVerification(long RowsChecked, long? FirstBrokenId, string? Problem = null);
