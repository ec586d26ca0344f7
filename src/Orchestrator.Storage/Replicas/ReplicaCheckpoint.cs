namespace Orchestrator.Storage.Replicas;

/// <summary>
/// A finished batch: its counts, the folders to retry later (a new batch, not before the backoff) and the folders
/// given up on (recorded with their errors). Committed in one transaction, with the claim of the next batch — only while
/// <see cref="Claim"/> still holds the batch (same token, still running): a claim taken over checkpoints nothing.
/// </summary>
public sealed record ReplicaCheckpoint(
    BatchClaim Claim,
    string Worker,
    int Done,
    int Changed,
    IReadOnlyList<string> Retry,
    int RetryAttempt,
    DateTimeOffset RetryNotBefore,
    IReadOnlyList<ReplicaFolderFailure> GivenUp,
    DateTimeOffset At,
    bool ClaimNext,
    TimeSpan ClaimLease,
    IReadOnlyList<string> MoveKinds)
{
    public long UpdateId => Claim.UpdateId;

    public int Seq => Claim.Seq;
}
