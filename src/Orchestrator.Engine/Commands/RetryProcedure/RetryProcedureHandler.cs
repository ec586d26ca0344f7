using Mediator;
using Orchestrator.Engine.Admission;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Views;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Commands.RetryProcedure;

/// <summary>
/// Continues from the failed step — after judging again, while what remains brings the hierarchy in service on the
/// target, the move as things are now; a refusal changes nothing. The retried step gets a fresh MAXWAIT (counted from
/// its next start), so a step stopped for MaxWaitExceeded does not meet its old deadline at once.
/// </summary>
public sealed class RetryProcedureHandler(OperatorCommandSupport support, MoveAdmissionCheck admission, DirectoryCredentialAdmission credentials) : ICommandHandler<RetryProcedureCommand, ProcedureView>
{
    public async ValueTask<ProcedureView> Handle(RetryProcedureCommand command, CancellationToken cancellationToken)
    {
        var (procedure, steps) = await support.LoadForCommandAsync(command.Id, cancellationToken).ConfigureAwait(false);
        var failed = steps.FirstOrDefault(s => s.Status == StepStatus.Failed)
            ?? throw new ProcedureStateException($"procedure #{procedure.Id} is {procedure.State} and has no failed step to retry");
        await credentials.RequireToResumeAsync(procedure, steps, cancellationToken).ConfigureAwait(false);
        var verdict = await admission.CheckResumeAsync(procedure, steps, cancellationToken).ConfigureAwait(false);
        var reason = $"{command.Actor} retried step {failed.Seq} after: {failed.LastError}" + (verdict is null ? "" : $"; target re-checked and admitted: {verdict.Text}");
        return await support.ResumeAsync(procedure, ProcedureTriggers.OperatorRetry,
            new StepChange(failed.Seq, StepStatus.Ready, BumpGeneration: true, ResetAttempts: true, ResetDeadline: true),
            command.Actor, reason, "retrying", cancellationToken).ConfigureAwait(false);
    }
}
