using Mediator;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Views;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Commands.CancelProcedure;

/// <summary>
/// Cancels at the next step boundary (issue 12 point 4). With no step running the procedure ends
/// <see cref="ProcedureStates.Cancelled"/> at once, its report (where every resource is, the placement) observed first and
/// committed with the end state. With a step running it becomes <see cref="ProcedureStates.Cancelling"/>: it keeps its
/// hierarchy, every step not yet run is cancelled, and the worker of the running step ends the drain when it reports
/// (<see cref="ProcedureDrain"/>). The handler waits for that (<see cref="CancelDrainWaiter"/>) unless told not to. A cancel
/// of a draining procedure whose step no longer runs — none running, or its lease expired (<see cref="DrainTakeover"/>) —
/// ends the drain itself.
/// </summary>
public sealed class CancelProcedureHandler(
    OperatorCommandSupport support,
    IProcedureStore store,
    TransitionFactory transitions,
    ProcedureDrain drain,
    DrainTakeover takeover,
    ProcedureViews views,
    CancelDrainWaiter waiter,
    TimeProvider time) : ICommandHandler<CancelProcedureCommand, CancelProcedureResult>
{
    /// <summary>How often a cancel is taken again when a step committed between its read and its commit.</summary>
    private const int Attempts = 3;

    public async ValueTask<CancelProcedureResult> Handle(CancelProcedureCommand command, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (procedure, steps) = await support.LoadForCommandAsync(command.Id, cancellationToken, isCancel: true).ConfigureAwait(false);
            if (procedure.IsActive && ProcedureStates.IsDraining(procedure.State))
            {
                // Draining, but no step runs any more (its worker died and no runner took the step up; admitted by the rule
                // only then): this cancel ends the drain itself — taking over a running step whose lease expired, without
                // running it — and a suspended update is then cancelled on the next pass.
                var abandoned = steps.FirstOrDefault(s => s.Status == StepStatus.Running);
                var left = abandoned ?? steps.FirstOrDefault(s => s.Status is StepStatus.Ready or StepStatus.Planned) ?? steps[^1];
                var ended = abandoned is not null
                    ? await takeover.TryEndAsync(procedure, steps, command.Actor, cancellationToken).ConfigureAwait(false)
                    : await drain.TryFinishAsync(procedure.Id, new StepChange(left.Seq, StepStatus.Cancelled), null,
                        $"not running: no worker held it when {command.Actor} cancelled again", command.Actor, cancellationToken).ConfigureAwait(false);
                if (!ended && attempt >= Attempts)
                {
                    throw new ProcedureStateException($"procedure #{procedure.Id} changed while cancelling; look again with `orchestrator procedures show {procedure.Id}`");
                }

                if (ended && (await store.GetAsync(procedure.Id, cancellationToken).ConfigureAwait(false))?.State == ProcedureStates.Cancelled)
                {
                    return await waiter.WaitAsync(procedure.Id, ProcedureDrain.Describe(left), command.Actor, cancellationToken).ConfigureAwait(false);
                }

                continue; // look again: Suspended (which this cancel then ends), or changed meanwhile
            }

            var running = steps.FirstOrDefault(s => s.Status == StepStatus.Running);
            var version = procedure.Version;
            // Observed before the commit, so the report is in the same transaction as the end state.
            var report = running is null ? await drain.ObserveAsync(procedure.Hierarchy, cancellationToken).ConfigureAwait(false) : null;
            var (from, to) = transitions.Fire(procedure, ProcedureTriggers.OperatorCancel, new MachineInputs { StepRunning = running is not null });
            var now = time.GetUtcNow();
            var progress = $"after {steps.Count(s => s.Status == StepStatus.Done)} of {steps.Count} steps";
            var reason = running is null
                ? $"{command.Actor} cancelled {procedure.Kind} of {procedure.Hierarchy} {progress}; {report}"
                : $"cancel requested by {command.Actor} {progress}: draining {ProcedureDrain.Describe(running)}; the procedure keeps {procedure.Hierarchy} until it has reported";
            var commit = new TransitionCommit(procedure.Id, from, version, to, running is not null, procedure.ResumeState, procedure.LastError,
                steps.Where(s => s.Status is StepStatus.Planned or StepStatus.Ready or StepStatus.Failed).Select(s => new StepChange(s.Seq, StepStatus.Cancelled)).ToList(),
                [TransitionFactory.Audit(procedure, from, to, ProcedureTriggers.OperatorCancel, command.Actor, reason, now)],
                report is null ? null : new PlacementChange(procedure.Hierarchy, report.PlacedOn), now,
                RequireRunningStep: running is not null); // the steps changed since the read: lost, and the next pass sees them
            if (!(await store.CommitTransitionAsync(commit, cancellationToken).ConfigureAwait(false)).Committed)
            {
                if (attempt < Attempts)
                {
                    continue; // a step committed or was claimed meanwhile: cancel from the state it left
                }

                throw new ProcedureStateException($"procedure #{procedure.Id} changed while cancelling; look again with `orchestrator procedures show {procedure.Id}`");
            }

            if (report is not null)
            {
                return new CancelProcedureResult((await views.GetAsync(procedure.Id, cancellationToken).ConfigureAwait(false))!, report.InServiceOn, report.Resources, true, null);
            }

            var drained = ProcedureDrain.Describe(running!);
            return command.WaitForDrain
                ? await waiter.WaitAsync(procedure.Id, drained, command.Actor, cancellationToken).ConfigureAwait(false)
                : new CancelProcedureResult((await views.GetAsync(procedure.Id, cancellationToken).ConfigureAwait(false))!, [], [], false, drained);
        }
    }
}
