using Microsoft.Extensions.Logging;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Execution;

/// <summary>
/// Durability contract, point 2: the one sweeper. At start-up (after a crash the in-memory queue is empty) and
/// periodically it dispatches every committed step that has no live job, then lets every other kind of work do the same
/// (<see cref="IBackgroundSweep"/>: the replica-list scheduler dispatches its due batches by the same claim predicate).
/// Work whose worker died is among them once its lease expires (no heartbeat renews it): lease expiry is the recovery,
/// so nothing is released at start-up.
/// </summary>
public sealed class WorkSweeper(
    IProcedureStore store, IWorkDispatcher dispatcher, IEnumerable<IBackgroundSweep> others, WorkerIdentity worker, EngineOptions options, TimeProvider time,
    ILogger<WorkSweeper> logger)
{
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var dispatched = 0;
        foreach (var step in await store.FindDispatchableAsync(worker.Id, now, now - options.RedispatchAfter, cancellationToken).ConfigureAwait(false))
        {
            if (step.Status == StepStatus.Running)
            {
                logger.LogWarning("Step {Step} of procedure {ProcedureId}: the lease of {Worker} expired; dispatched for another claim", step.Seq, step.ProcedureId, step.ClaimedBy);
            }

            await dispatcher.DispatchAsync(WorkItem.Step(step.ProcedureId, step.Seq), cancellationToken).ConfigureAwait(false);
            dispatched++;
        }

        foreach (var other in others)
        {
            await other.SweepAsync(cancellationToken).ConfigureAwait(false);
        }

        return dispatched;
    }
}
