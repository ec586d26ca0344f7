using Microsoft.Extensions.Logging;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Execution;

/// <summary>
/// Durability contract, point 2: re-dispatches every committed step that has no live job — at start-up
/// (after a crash the in-memory queue is empty) and periodically.
/// </summary>
public sealed class StepSweeper(IProcedureStore store, IStepDispatcher dispatcher, WorkerIdentity worker, EngineOptions options, TimeProvider time, ILogger<StepSweeper> logger)
{
    /// <summary>Start-up recovery while holding the runner lock: claims of dead workers go back to ready.</summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var released = await store.ReleaseClaimsNotHeldByAsync(worker.Id, cancellationToken).ConfigureAwait(false);
        if (released > 0)
        {
            logger.LogWarning("Recovered {Count} step(s) claimed by a worker that is gone", released);
        }
    }

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

            await dispatcher.DispatchAsync(step.ProcedureId, step.Seq, cancellationToken).ConfigureAwait(false);
            dispatched++;
        }

        return dispatched;
    }
}
