using Mediator;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Steps;
using Orchestrator.Engine.Views;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Commands.SkipProcedure;

/// <summary>
/// Durability contract point 6: the operator skips a failed step where its action allows it (a verification the
/// operator did by hand…): the step is recorded as skipped and the next one runs, in one audited transition.
/// </summary>
public sealed class SkipProcedureHandler(OperatorCommandSupport support, StepActionCatalog actions) : ICommandHandler<SkipProcedureCommand, ProcedureView>
{
    public async ValueTask<ProcedureView> Handle(SkipProcedureCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (procedure, steps) = await support.LoadForCommandAsync(command.Id, cancellationToken).ConfigureAwait(false);
        var failed = steps.FirstOrDefault(s => s.Status == StepStatus.Failed)
            ?? throw new ProcedureStateException($"procedure #{procedure.Id} is {procedure.State} and has no failed step to skip");
        var action = actions.Get(failed.Action);
        var what = action.Describe(failed.Node, failed.Target);
        if (!action.Skippable)
        {
            throw new ProcedureStateException(
                $"step {failed.Seq} of procedure #{procedure.Id} ({what}) cannot be skipped: later steps depend on it; " +
                $"fix the cause and `orchestrator procedures retry {procedure.Id}`, or `orchestrator procedures cancel {procedure.Id}`");
        }

        var next = steps.FirstOrDefault(s => s.Seq == failed.Seq + 1)
            ?? throw new ProcedureStateException($"step {failed.Seq} is the last step of procedure #{procedure.Id}; retry or cancel it instead");
        return await support.ResumeAsync(
            procedure, ProcedureTriggers.OperatorSkip,
            [new StepChange(failed.Seq, StepStatus.Skipped), new StepChange(next.Seq, StepStatus.Ready)], next.Seq,
            new MachineInputs { ResumeState = procedure.ResumeState, NextStepPhase = next.Phase },
            command.Actor, $"{command.Actor} skipped step {failed.Seq} ({what}) after: {failed.LastError}", "skipping", cancellationToken).ConfigureAwait(false);
    }
}
