using Orchestrator.Engine.Execution;
using Orchestrator.Storage.Replicas;

namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>
/// What the one sweeper (<see cref="WorkSweeper"/>) needs beside steps: every active replica-list update is kicked, so
/// its planning, superseding, completion and due batches — a batch whose worker died among them once its lease
/// expired — move on from what the tables say.
/// </summary>
public sealed class ReplicaUpdateSweep(IReplicaUpdateStore store, ReplicaUpdateScheduler scheduler) : IBackgroundSweep
{
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        foreach (var update in await store.ListActiveAsync(cancellationToken).ConfigureAwait(false))
        {
            await scheduler.KickAsync(update.Id, cancellationToken).ConfigureAwait(false);
        }
    }
}
