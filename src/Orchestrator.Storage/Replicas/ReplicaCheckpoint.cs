namespace Orchestrator.Storage.Replicas;

/// <summary>
/// A finished batch: its counts, the folders to retry later (a new batch, not before the backoff) and the folders
/// given up on (recorded with their errors). Committed in one transaction, with the claim of the next batch.
/// </summary>
public sealed record ReplicaCheckpoint(
    long UpdateId,
    int Seq,
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
    IReadOnlyList<string> MoveKinds);
