namespace Orchestrator.Storage.Replicas;

/// <summary>A folder whose replica list could not be written after the retry limit, with its error.</summary>
public sealed class ReplicaFolderFailure
{
    public long UpdateId { get; set; }
    public string Folder { get; set; } = "";
    public int Attempts { get; set; }
    public string Error { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
}
