using Mediator;
using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Commands;
using Orchestrator.Engine.Errors;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Failback;

public sealed class StartFailbackHandler(ProcedureLauncher launcher, INodeProbe nodes) : ICommandHandler<StartFailbackCommand, ProcedureStarted>
{
    public async ValueTask<ProcedureStarted> Handle(StartFailbackCommand command, CancellationToken cancellationToken) =>
        await ProcedureLauncher.PlanFromCurrentStateAsync(() => StartAsync(command, cancellationToken)).ConfigureAwait(false);

    private async Task<ProcedureStarted> StartAsync(StartFailbackCommand command, CancellationToken cancellationToken)
    {
        var context = await launcher.ResolveForMoveAsync(command.Hierarchy, cancellationToken).ConfigureAwait(false);
        var (cluster, hierarchy) = (context.Cluster, context.Hierarchy);
        var current = context.PlacedOn
            ?? throw new BadInputException($"hierarchy {hierarchy.Name} is in service on no node; bring it in service with `orchestrator switchover {hierarchy.Name} --to NODE`");
        var up = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in hierarchy.Priorities)
        {
            if (await nodes.IsUpAsync(node.Node, cancellationToken).ConfigureAwait(false))
            {
                up.Add(node.Node);
            }
        }

        if (SwitchbackRule.ExplainRefusal(cluster, hierarchy, current, up, command.TargetNode) is { } refusal)
        {
            throw new BadInputException(refusal);
        }

        var chosen = command.TargetNode ?? SwitchbackRule.FailbackTarget(cluster, hierarchy, current, up)!;
        var target = await launcher.CheckMoveTargetAsync(context, chosen, cancellationToken).ConfigureAwait(false);
        var why = command.Reason ?? $"{command.Actor} requested failback of {hierarchy.Name}";
        var reason = $"{why}: from {current} (priority {hierarchy.PriorityOf(current)}) back to {target} (priority {hierarchy.PriorityOf(target)}), which is up and reachable";
        return await launcher.LaunchAsync(new LaunchRequest(FailbackProcedure.KindName, context, current, target, command.Actor, reason), cancellationToken).ConfigureAwait(false);
    }
}
