using Mediator;
using Orchestrator.Engine.Admission;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Views;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Commands.ApproveProcedure;

/// <summary>
/// Lets a held procedure go on — after judging its move again as things are now (S28: the failed node may be back, the
/// target's mirror in full resync); a refusal changes nothing.
/// </summary>
public sealed class ApproveProcedureHandler(OperatorCommandSupport support, MoveAdmissionCheck admission, DirectoryCredentialAdmission credentials) : ICommandHandler<ApproveProcedureCommand, ProcedureView>
{
    public async ValueTask<ProcedureView> Handle(ApproveProcedureCommand command, CancellationToken cancellationToken)
    {
        var (procedure, steps) = await support.LoadForCommandAsync(command.Id, cancellationToken).ConfigureAwait(false);
        if (procedure.State != ProcedureStates.WaitingForOperator || steps.Any(s => s.Status is StepStatus.Failed or StepStatus.Done))
        {
            throw new ProcedureStateException($"procedure #{procedure.Id} is {procedure.State} and not held for approval; `procedures retry {procedure.Id}` continues a failed one");
        }

        await credentials.RequireToResumeAsync(procedure, steps, cancellationToken).ConfigureAwait(false);
        var verdict = await admission.CheckResumeAsync(procedure, steps, cancellationToken).ConfigureAwait(false);
        var first = steps.First(s => s.Status == StepStatus.Planned);
        var reason = $"{command.Actor} approved {procedure.Kind} of {procedure.Hierarchy} to {procedure.TargetNode}, held because: {procedure.LastError}"
            + (verdict is null ? "" : $"; target re-checked and admitted: {verdict.Text}");
        return await support.ResumeAsync(procedure, ProcedureTriggers.OperatorApprove, new StepChange(first.Seq, StepStatus.Ready),
            command.Actor, reason, "approving", cancellationToken).ConfigureAwait(false);
    }
}
