using Microsoft.Extensions.Logging;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Execution;

/// <summary>
/// Durability contract, point 2: re-dispatches every committed step that has no live job — at start-up
/// (after a crash the in-memory queue is empty) and periodically. A step whose worker died is among them once its lease
/// expires (no heartbeat renews it): lease expiry is the recovery, so nothing is released at start-up.
/// </summary>
public sealed class StepSweeper(IProcedureStore store, IStepDispatcher dispatcher, WorkerIdentity worker, EngineOptions options, TimeProvider time, ILogger<StepSweeper> logger)
{
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var dispatched = 0;
        foreach (var step in await store.FindDispatchableAsync(now, cancellationToken).ConfigureAwait(false))
        {
            var mine = step.DispatchedBy == worker.Id && step.DispatchedAt is { } at && now - at < options.RedispatchAfter;
            if (step.Status == StepStatus.Ready && mine)
            {
                continue;
            }

            if (step.Status == StepStatus.Running)
            {
                logger.LogWarning("Step {Step} of procedure {ProcedureId}: the lease of {Worker} expired; dispatched for another claim", step.Seq, step.ProcedureId, step.ClaimedBy);
            }

            await dispatcher.DispatchAsync(step.ProcedureId, step.Seq, cancellationToken).ConfigureAwait(false);
            dispatched++;
        }

        return dispatched;
    }
}
