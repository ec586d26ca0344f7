using Mediator;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Views;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Commands.RetryProcedure;

public sealed class RetryProcedureHandler(OperatorCommandSupport support, IProcedureStore store, TransitionFactory transitions, IStepDispatcher dispatcher, ProcedureViews views, TimeProvider time)
    : ICommandHandler<RetryProcedureCommand, ProcedureView>
{
    public async ValueTask<ProcedureView> Handle(RetryProcedureCommand command, CancellationToken cancellationToken)
    {
        var (procedure, steps) = await support.LoadAsync(command.Id, cancellationToken).ConfigureAwait(false);
        var failed = steps.FirstOrDefault(s => s.Status == StepStatus.Failed)
            ?? throw new ProcedureStateException($"procedure #{procedure.Id} is {procedure.State} and has no failed step to retry");
        var version = procedure.Version;
        var (from, to) = transitions.Fire(procedure, ProcedureTriggers.OperatorRetry, new MachineInputs { ResumeState = procedure.ResumeState });
        var now = time.GetUtcNow();
        var commit = new TransitionCommit(procedure.Id, from, version, to, true, null, null,
            [new StepChange(failed.Seq, StepStatus.Ready, BumpGeneration: true, ResetAttempts: true)],
            [TransitionFactory.Audit(procedure, from, to, ProcedureTriggers.OperatorRetry, command.Actor,
                $"{command.Actor} retried step {failed.Seq} after: {failed.LastError}", now)],
            null, now);
        var outcome = await store.CommitTransitionAsync(commit, cancellationToken).ConfigureAwait(false);
        if (!outcome.Committed)
        {
            throw new ProcedureStateException($"procedure #{procedure.Id} changed while retrying; look again with `orchestrator procedures show {procedure.Id}`");
        }

        await dispatcher.DispatchAsync(procedure.Id, failed.Seq, cancellationToken).ConfigureAwait(false);
        return (await views.GetAsync(procedure.Id, cancellationToken).ConfigureAwait(false))!;
    }
}
