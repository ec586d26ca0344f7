using Mediator;
using Orchestrator.Engine.Commands;

namespace Orchestrator.Workflows.Switchover;

public sealed class StartSwitchoverHandler(ProcedureLauncher launcher) : ICommandHandler<StartSwitchoverCommand, ProcedureStarted>
{
    public async ValueTask<ProcedureStarted> Handle(StartSwitchoverCommand command, CancellationToken cancellationToken) =>
        await launcher.LaunchAsync(SwitchoverProcedure.KindName, command.Hierarchy, command.TargetNode, command.Actor, command.Reason, cancellationToken).ConfigureAwait(false);
}
