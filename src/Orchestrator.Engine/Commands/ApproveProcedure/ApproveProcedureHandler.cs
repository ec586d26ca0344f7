using Mediator;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Views;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Commands.ApproveProcedure;

public sealed class ApproveProcedureHandler(OperatorCommandSupport support, IProcedureStore store, TransitionFactory transitions, IStepDispatcher dispatcher, ProcedureViews views, TimeProvider time)
    : ICommandHandler<ApproveProcedureCommand, ProcedureView>
{
    public async ValueTask<ProcedureView> Handle(ApproveProcedureCommand command, CancellationToken cancellationToken)
    {
        var (procedure, steps) = await support.LoadAsync(command.Id, cancellationToken).ConfigureAwait(false);
        if (procedure.State != ProcedureStates.WaitingForOperator || steps.Any(s => s.Status is StepStatus.Failed or StepStatus.Done))
        {
            throw new ProcedureStateException($"procedure #{procedure.Id} is {procedure.State} and not held for approval; `procedures retry {procedure.Id}` continues a failed one");
        }

        var first = steps.First(s => s.Status == StepStatus.Planned);
        var version = procedure.Version;
        var held = procedure.LastError;
        var (from, to) = transitions.Fire(procedure, ProcedureTriggers.OperatorApprove, new MachineInputs { ResumeState = procedure.ResumeState });
        var now = time.GetUtcNow();
        var commit = new TransitionCommit(procedure.Id, from, version, to, true, null, null,
            [new StepChange(first.Seq, StepStatus.Ready)],
            [TransitionFactory.Audit(procedure, from, to, ProcedureTriggers.OperatorApprove, command.Actor, $"{command.Actor} approved {procedure.Kind} of {procedure.Hierarchy} to {procedure.TargetNode}, held because: {held}", now)],
            null, now);
        if (!(await store.CommitTransitionAsync(commit, cancellationToken).ConfigureAwait(false)).Committed)
        {
            throw new ProcedureStateException($"procedure #{procedure.Id} changed while approving; look again with `orchestrator procedures show {procedure.Id}`");
        }

        await dispatcher.DispatchAsync(procedure.Id, first.Seq, cancellationToken).ConfigureAwait(false);
        return (await views.GetAsync(procedure.Id, cancellationToken).ConfigureAwait(false))!;
    }
}
