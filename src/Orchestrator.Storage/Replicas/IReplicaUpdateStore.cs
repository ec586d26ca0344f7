using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Claims;

namespace Orchestrator.Storage.Replicas;

/// <summary>
/// Replica-list updates (S25), their batches and their failed folders. Every state change is a compare-and-set
/// committed with its audit rows; every batch's progress is committed with the batch (the checkpoint).
/// </summary>
public interface IReplicaUpdateStore : IWorkClaimStore
{
    /// <summary>
    /// Starts the update of a move, once: when the move already has one, returns it unchanged (created false).
    /// In the same transaction, every other active update of the hierarchy is superseded by the move.
    /// </summary>
    Task<(ReplicaUpdateRecord Update, bool Created)> StartAsync(
        NewReplicaUpdate update,
        Func<long, NewAuditEntry> startedAudit,
        Func<ReplicaUpdateRecord, NewAuditEntry> supersededAudit,
        CancellationToken cancellationToken);

    Task<ReplicaUpdateRecord?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>The newest update of the hierarchy (of any hierarchy when null).</summary>
    Task<ReplicaUpdateRecord?> LatestAsync(string? hierarchy, CancellationToken cancellationToken);

    Task<IReadOnlyList<ReplicaUpdateRecord>> ListAsync(string? hierarchy, int limit, CancellationToken cancellationToken);

    /// <summary>The newest update of every hierarchy that has had one (hierarchies compared ignoring case), newest first, in one query.</summary>
    Task<IReadOnlyList<ReplicaUpdateRecord>> LatestPerHierarchyAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<ReplicaUpdateRecord>> ListActiveAsync(CancellationToken cancellationToken);

    /// <summary>Commits a state change; false when the update is no longer in the expected state and version.</summary>
    Task<bool> TransitionAsync(ReplicaUpdateTransition transition, CancellationToken cancellationToken);

    /// <summary>Writes the batches and the total with the Planning → Running transition; false when it lost the race.</summary>
    Task<bool> CommitPlanAsync(ReplicaPlan plan, CancellationToken cancellationToken);

    /// <summary>
    /// Claims a batch for a worker: the given one, or the next due one when <paramref name="seq"/> is null. Only while
    /// the update runs and no newer move of its hierarchy (a procedure of one of <paramref name="moveKinds"/>) exists.
    /// </summary>
    Task<ReplicaBatchRecord?> TryClaimBatchAsync(
        long updateId, int? seq, string worker, DateTimeOffset now, TimeSpan lease, IReadOnlyList<string> moveKinds, CancellationToken cancellationToken);

    /// <summary>
    /// Gives a claimed batch back at once (its job failed before the checkpoint: an infrastructure failure); it runs again.
    /// False, and nothing changed, when the claim no longer holds the batch.
    /// </summary>
    Task<bool> GiveBackBatchAsync(BatchClaim claim, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The checkpoint of a batch; not committed when its claim no longer holds the batch (taken over: a newer token).</summary>
    Task<ReplicaCheckpointOutcome> CheckpointAsync(ReplicaCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>
    /// Batches of the update to dispatch now (due and claimable, not dispatched by <paramref name="worker"/> since
    /// <paramref name="staleBefore"/>), at most <paramref name="limit"/>, and how many are in flight (held by a live claim,
    /// or dispatched by this worker since then).
    /// </summary>
    Task<(IReadOnlyList<int> Due, int InFlight)> SchedulableBatchesAsync(
        long updateId, string worker, DateTimeOffset now, DateTimeOffset staleBefore, int limit, CancellationToken cancellationToken);

    Task MarkBatchDispatchedAsync(long updateId, int seq, string worker, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Batches of the update still ready or running.</summary>
    Task<int> UnfinishedBatchesAsync(long updateId, CancellationToken cancellationToken);

    /// <summary>Whether a batch of another update of the hierarchy is running (its writes may not be committed yet).</summary>
    Task<bool> OthersRunningAsync(string hierarchy, long exceptUpdateId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The newest move of the hierarchy after the update's own, if any: the procedure that supersedes it.</summary>
    Task<(long Id, string Kind)?> NewerMoveAsync(ReplicaUpdateRecord update, IReadOnlyList<string> moveKinds, CancellationToken cancellationToken);

    /// <summary>The update's open failures (folders given up on), by folder name.</summary>
    Task<IReadOnlyList<ReplicaFolderFailure>> OpenFailuresAsync(long updateId, CancellationToken cancellationToken);

    /// <summary>How many batches were claimed more than once, and how many folder writes that repeated (crash evidence).</summary>
    Task<(int Batches, long Folders)> RedoneAsync(long updateId, CancellationToken cancellationToken);
}
