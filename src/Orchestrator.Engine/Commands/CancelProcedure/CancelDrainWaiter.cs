using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Views;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Commands.CancelProcedure;

/// <summary>
/// Waits for a Cancelling procedure's running step to report (its worker ends the drain) — or for its lease to expire,
/// then takes it over and ends the drain itself (<see cref="DrainTakeover"/>: its worker is gone) — bounded by
/// <see cref="EngineOptions.CancelWaitForRunningStep"/>; the result is the report as things stand then, and says
/// whether the drain has ended (nothing is lost when it has not: the procedure keeps its hierarchy until it does).
/// </summary>
public sealed class CancelDrainWaiter(IProcedureStore store, ProcedureDrain drain, DrainTakeover takeover, ProcedureViews views, EngineOptions options, TimeProvider time)
{
    /// <summary>How often the procedure is read while it drains.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>Waits for procedure <paramref name="id"/>'s drain of <paramref name="drainedStep"/>, cancelled by <paramref name="actor"/>.</summary>
    public async Task<CancelProcedureResult> WaitAsync(long id, string drainedStep, string actor, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.CancelWaitForRunningStep;
        while (true)
        {
            var procedure = await store.GetAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"procedure #{id} vanished while it was cancelled");
            var settled = !ProcedureStates.IsDraining(procedure.State);
            if (settled || time.GetUtcNow() >= deadline)
            {
                var view = (await views.GetAsync(id, cancellationToken).ConfigureAwait(false))!;
                var report = await drain.ObserveAsync(procedure.Hierarchy, cancellationToken).ConfigureAwait(false);
                return new CancelProcedureResult(view, report.InServiceOn, report.Resources, settled, drainedStep);
            }

            var steps = await store.GetStepsAsync(id, cancellationToken).ConfigureAwait(false);
            if (!await takeover.TryEndAsync(procedure, steps, actor, cancellationToken).ConfigureAwait(false))
            {
                await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
