using Mediator;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Views;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Commands.ApproveProcedure;

public sealed class ApproveProcedureHandler(OperatorCommandSupport support) : ICommandHandler<ApproveProcedureCommand, ProcedureView>
{
    public async ValueTask<ProcedureView> Handle(ApproveProcedureCommand command, CancellationToken cancellationToken)
    {
        var (procedure, steps) = await support.LoadAsync(command.Id, cancellationToken).ConfigureAwait(false);
        if (procedure.State != ProcedureStates.WaitingForOperator || steps.Any(s => s.Status is StepStatus.Failed or StepStatus.Done))
        {
            throw new ProcedureStateException($"procedure #{procedure.Id} is {procedure.State} and not held for approval; `procedures retry {procedure.Id}` continues a failed one");
        }

        var first = steps.First(s => s.Status == StepStatus.Planned);
        var reason = $"{command.Actor} approved {procedure.Kind} of {procedure.Hierarchy} to {procedure.TargetNode}, held because: {procedure.LastError}";
        return await support.ResumeAsync(procedure, ProcedureTriggers.OperatorApprove, new StepChange(first.Seq, StepStatus.Ready),
            command.Actor, reason, "approving", cancellationToken).ConfigureAwait(false);
    }
}
