using Mediator;
using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Commands;

namespace Orchestrator.Workflows.Switchover;

public sealed class StartSwitchoverHandler(ProcedureLauncher launcher) : ICommandHandler<StartSwitchoverCommand, ProcedureStarted>
{
    public async ValueTask<ProcedureStarted> Handle(StartSwitchoverCommand command, CancellationToken cancellationToken) =>
        await ProcedureLauncher.PlanFromCurrentStateAsync(() => StartAsync(command, cancellationToken)).ConfigureAwait(false);

    private async Task<ProcedureStarted> StartAsync(StartSwitchoverCommand command, CancellationToken cancellationToken)
    {
        var context = await launcher.ResolveForMoveAsync(command.Hierarchy, cancellationToken).ConfigureAwait(false);
        var move = await launcher.CheckMoveTargetAsync(context, command.TargetNode, MoveKind.Switchover, cancellationToken).ConfigureAwait(false);
        var (source, target) = (context.PlacedOn, move.Target);
        var why = command.Reason ?? $"{command.Actor} requested switchover of {context.Hierarchy.Name} from {source ?? "(out of service)"} to {target}";
        var reason = $"{why}; target admitted: {move.Verdict.Text}";
        return await launcher.LaunchAsync(new LaunchRequest(SwitchoverProcedure.KindName, context, source, target, command.Actor, reason), cancellationToken).ConfigureAwait(false);
    }
}
