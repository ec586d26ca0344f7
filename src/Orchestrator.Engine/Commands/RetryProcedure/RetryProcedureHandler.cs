using Mediator;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Views;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Commands.RetryProcedure;

public sealed class RetryProcedureHandler(OperatorCommandSupport support) : ICommandHandler<RetryProcedureCommand, ProcedureView>
{
    public async ValueTask<ProcedureView> Handle(RetryProcedureCommand command, CancellationToken cancellationToken)
    {
        var (procedure, steps) = await support.LoadAsync(command.Id, cancellationToken).ConfigureAwait(false);
        var failed = steps.FirstOrDefault(s => s.Status == StepStatus.Failed)
            ?? throw new ProcedureStateException($"procedure #{procedure.Id} is {procedure.State} and has no failed step to retry");
        return await support.ResumeAsync(procedure, ProcedureTriggers.OperatorRetry,
            new StepChange(failed.Seq, StepStatus.Ready, BumpGeneration: true, ResetAttempts: true),
            command.Actor, $"{command.Actor} retried step {failed.Seq} after: {failed.LastError}", "retrying", cancellationToken).ConfigureAwait(false);
    }
}
