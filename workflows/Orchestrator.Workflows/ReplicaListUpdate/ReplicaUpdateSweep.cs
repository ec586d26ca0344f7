using Microsoft.Extensions.Logging;
using Orchestrator.Engine.Execution;
using Orchestrator.Storage.Replicas;

namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>The runner's periodic pass over active replica-list updates (and its start-up recovery of dead claims).</summary>
public sealed class ReplicaUpdateSweep(IReplicaUpdateStore store, ReplicaUpdateScheduler scheduler, WorkerIdentity worker, ILogger<ReplicaUpdateSweep> logger) : IBackgroundSweep
{
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var released = await store.ReleaseClaimsNotHeldByAsync(worker.Id, cancellationToken).ConfigureAwait(false);
        if (released > 0)
        {
            logger.LogWarning("Recovered {Count} replica-list batch(es) held by a worker that is gone", released);
        }
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        foreach (var update in await store.ListActiveAsync(cancellationToken).ConfigureAwait(false))
        {
            await scheduler.KickAsync(update.Id, cancellationToken).ConfigureAwait(false);
        }
    }
}
