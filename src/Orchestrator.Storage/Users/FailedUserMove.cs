namespace Orchestrator.Storage.Users;

/// <summary>A mailbox user that failed to move (S22, message 28523), until a later move succeeds.</summary>
public sealed class FailedUserMove
{
    public long Id { get; set; }
    public long ProcedureId { get; set; }
    public string Hierarchy { get; set; } = "";
    public string UserName { get; set; } = "";
    public string? Domain { get; set; }
    public string FromServer { get; set; } = "";
    public string ToServer { get; set; } = "";
    public string Error { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public long? ResolvedBy { get; set; }
}
