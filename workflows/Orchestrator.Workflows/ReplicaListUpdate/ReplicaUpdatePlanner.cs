using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Replicas;

namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>
/// Plans an update: once no batch of a superseded update of the hierarchy is still running (its writes would race
/// with ours), lists every folder that names the old server and commits them as batches with Planning → Running.
/// </summary>
public sealed class ReplicaUpdatePlanner(
    IReplicaUpdateStore store,
    IPublicFolderControl folders,
    ReplicaUpdateScheduler scheduler,
    TimeProvider time,
    ILogger<ReplicaUpdatePlanner> logger)
{
    private readonly ConcurrentDictionary<long, byte> _planning = new();

    public async Task PlanAsync(long updateId, CancellationToken cancellationToken)
    {
        if (!_planning.TryAdd(updateId, 0))
        {
            return;
        }

        try
        {
            var update = await store.GetAsync(updateId, cancellationToken).ConfigureAwait(false);
            if (update is not { State: ReplicaUpdateStates.Planning })
            {
                return;
            }

            if (await store.OthersRunningAsync(update.Hierarchy, update.Id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
            {
                logger.LogInformation("Replica-list update #{UpdateId} waits for a superseded update's running batch to finish", update.Id);
                return; // the sweep asks again
            }

            var listing = await folders.FoldersListingAsync(update.FromServer, cancellationToken).ConfigureAwait(false);
            var batches = listing.Chunk(update.BatchSize).Select(b => (IReadOnlyList<string>)b).ToList();
            var version = update.Version;
            var (from, to) = ReplicaUpdateMachine.Fire(update, ReplicaUpdateTriggers.Planned);
            update.Total = listing.Count;
            var now = time.GetUtcNow();
            var reason = $"planned {ReplicaUpdateAudit.Name(update)}: {listing.Count} public folder(s) list {update.FromServer}, " +
                $"in {batches.Count} batch(es) of up to {update.BatchSize}, {update.Parallelism} at once; {update.Hierarchy} is already in service";
            var transition = new ReplicaUpdateTransition(
                update.Id, from, version, to, true, [ReplicaUpdateAudit.Entry(update, from, to, ReplicaUpdateTriggers.Planned, ReplicaUpdateAudit.System, reason, now)], now);
            if (!await store.CommitPlanAsync(new ReplicaPlan(transition, batches, listing.Count), cancellationToken).ConfigureAwait(false))
            {
                logger.LogInformation("Replica-list update #{UpdateId} changed while it was planned; nothing planned", update.Id);
                return;
            }

            logger.LogInformation("Replica-list update #{UpdateId} planned: {Folders} folders in {Batches} batches", update.Id, listing.Count, batches.Count);
        }
        finally
        {
            _planning.TryRemove(updateId, out _);
        }

        await scheduler.KickAsync(updateId, cancellationToken).ConfigureAwait(false);
    }
}
