using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Execution;

/// <summary>
/// Issue 12 points 2 and 4: a draining procedure whose running step's lease has expired (<see cref="ClaimLeaseRule"/>:
/// its worker is gone) is not waited for. A cancel takes the step over with the shared claim, under this process's worker
/// id — the token bump fences the dead worker's late commit and effect — and ends the drain through
/// <see cref="ProcedureDrain"/> exactly as the next claimer of a draining procedure's step does, without running the action.
/// A step whose lease is still live keeps the drain: its worker may be alive.
/// </summary>
public sealed class DrainTakeover(IProcedureStore store, ProcedureDrain drain, WorkerIdentity worker, EngineOptions options, TimeProvider time)
{
    /// <summary>
    /// Ends the drain of <paramref name="procedure"/> when its running step (in <paramref name="steps"/>) has an expired
    /// lease and this process claims it; true when the drain ended here, false (nothing changed) otherwise.
    /// </summary>
    public async Task<bool> TryEndAsync(ProcedureRecord procedure, IReadOnlyList<StepRecord> steps, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(steps);
        if (!procedure.IsActive || !ProcedureStates.IsDraining(procedure.State)
            || steps.FirstOrDefault(s => s.Status == StepStatus.Running) is not { } running
            || !ClaimLeaseRule.HasExpired(running.ClaimExpiresAt, time.GetUtcNow()))
        {
            return false;
        }

        var claimed = await store.TryClaimStepAsync(procedure.Id, running.Seq, worker.Id, time.GetUtcNow(), options.ClaimLease, cancellationToken).ConfigureAwait(false);
        return claimed is not null && await drain.TryFinishAsync(procedure.Id, new StepChange(running.Seq, StepStatus.Cancelled), StepClaim.Of(claimed),
            $"not run: its worker's lease expired; taken over when {actor} cancelled", actor, cancellationToken).ConfigureAwait(false);
    }
}
