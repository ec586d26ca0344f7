using Orchestrator.Storage.Replicas;

namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>Fires a trigger on an update's machine and commits the change with its audit row (compare-and-set).</summary>
public sealed class ReplicaUpdateTransitions(IReplicaUpdateStore store, TimeProvider time)
{
    /// <summary>
    /// Fires <paramref name="trigger"/> (throws a clear refusal when the machine does not permit it) and commits it;
    /// false when the update changed in between (someone else moved it first).
    /// </summary>
    public async Task<bool> FireAsync(
        ReplicaUpdateRecord update,
        string trigger,
        string actor,
        string reason,
        CancellationToken cancellationToken,
        ReplicaBatchEffect batches = ReplicaBatchEffect.None,
        long? supersededBy = null,
        object? details = null)
    {
        ArgumentNullException.ThrowIfNull(update);
        var version = update.Version;
        var (from, to) = ReplicaUpdateMachine.Fire(update, trigger);
        var now = time.GetUtcNow();
        var transition = new ReplicaUpdateTransition(
            update.Id, from, version, to, ReplicaUpdateStates.IsActive(to),
            [ReplicaUpdateAudit.Entry(update, from, to, trigger, actor, reason, now, details)], now, batches, supersededBy);
        return await store.TransitionAsync(transition, cancellationToken).ConfigureAwait(false);
    }
}
