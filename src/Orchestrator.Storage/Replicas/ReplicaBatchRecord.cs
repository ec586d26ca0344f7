namespace Orchestrator.Storage.Replicas;

/// <summary>One batch of folders of a replica-list update: one job, one checkpoint.</summary>
public sealed class ReplicaBatchRecord
{
    public long UpdateId { get; set; }
    public int Seq { get; set; }
    public int Attempt { get; set; }
    public string Folders { get; set; } = "";
    public int FolderCount { get; set; }
    public string Status { get; set; } = "";
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimExpiresAt { get; set; }

    /// <summary>The fencing token of the batch's newest claim: raised by every claim, named by the checkpoint and every give-back.</summary>
    public long ClaimToken { get; set; }

    public DateTimeOffset? NotBefore { get; set; }
    public string? DispatchedBy { get; set; }
    public DateTimeOffset? DispatchedAt { get; set; }
    public int Runs { get; set; }

    public IReadOnlyList<string> FolderNames => Folders.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static string Join(IEnumerable<string> folders) => string.Join('\n', folders);
}
