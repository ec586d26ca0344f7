using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Views;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Commands;

/// <summary>What operator commands on a procedure share: loading it (or a clear refusal), and resuming it from a step.</summary>
public sealed class OperatorCommandSupport(
    IProcedureStore store, TransitionFactory transitions, IWorkDispatcher dispatcher, ProcedureViews views, HoldingProcedures holders, TimeProvider time)
{
    public async Task<(ProcedureRecord Procedure, IReadOnlyList<StepRecord> Steps)> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var procedure = await store.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new BadInputException($"no procedure #{id}; list them with `orchestrator procedures list`");
        return (procedure, await store.GetStepsAsync(id, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// <see cref="LoadAsync"/> for a command that acts on the procedure (cancel, retry, approve, skip): refused with exit 3,
    /// naming the step it waits for, while the procedure drains (<see cref="HoldingProcedures.ThrowIfDrainingAsync"/>;
    /// a cancel, <paramref name="isCancel"/>, is admitted once no step runs any more).
    /// </summary>
    public async Task<(ProcedureRecord Procedure, IReadOnlyList<StepRecord> Steps)> LoadForCommandAsync(long id, CancellationToken cancellationToken, bool isCancel = false)
    {
        var (procedure, steps) = await LoadAsync(id, cancellationToken).ConfigureAwait(false);
        await holders.ThrowIfDrainingAsync(procedure, steps, cancellationToken, isCancel).ConfigureAwait(false);
        return (procedure, steps);
    }

    /// <summary>
    /// Fires <paramref name="trigger"/> (back to the state the procedure waits to resume), makes <paramref name="step"/>
    /// ready in the same transaction with one audit row, then dispatches it.
    /// </summary>
    public Task<ProcedureView> ResumeAsync(
        ProcedureRecord procedure, string trigger, StepChange step, string actor, string reason, string verb, CancellationToken cancellationToken) =>
        ResumeAsync(procedure, trigger, [step], step.Seq, new MachineInputs { ResumeState = procedure.ResumeState }, actor, reason, verb, cancellationToken);

    /// <summary>
    /// Fires <paramref name="trigger"/> with <paramref name="inputs"/>, applies the step changes and one audit row in the
    /// same transaction, then dispatches step <paramref name="dispatch"/>.
    /// </summary>
    public async Task<ProcedureView> ResumeAsync(
        ProcedureRecord procedure, string trigger, IReadOnlyList<StepChange> steps, int dispatch, MachineInputs inputs,
        string actor, string reason, string verb, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        var version = procedure.Version;
        var (from, to) = transitions.Fire(procedure, trigger, inputs);
        var now = time.GetUtcNow();
        var commit = new TransitionCommit(procedure.Id, from, version, to, true, null, null, steps,
            [TransitionFactory.Audit(procedure, from, to, trigger, actor, reason, now)], null, now);
        if (!(await store.CommitTransitionAsync(commit, cancellationToken).ConfigureAwait(false)).Committed)
        {
            throw new ProcedureStateException($"procedure #{procedure.Id} changed while {verb}; look again with `orchestrator procedures show {procedure.Id}`");
        }

        await dispatcher.DispatchAsync(WorkItem.Step(procedure.Id, dispatch), cancellationToken).ConfigureAwait(false);
        return (await views.GetAsync(procedure.Id, cancellationToken).ConfigureAwait(false))!;
    }
}
