using Mediator;
using Orchestrator.Engine.Commands;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Errors;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.RollingUpdate;

/// <summary>
/// Checks the request (the hierarchy in service, every node up, the package not everywhere already) and launches the
/// update with its plan: S29 for a two-node hierarchy, one node at a time for the whole cluster.
/// </summary>
public sealed class StartRollingUpdateHandler(ProcedureLauncher launcher, CurrentDefinition definitions, INodeProbe nodes, INodeSoftware software, TimeProvider time)
    : ICommandHandler<StartRollingUpdateCommand, ProcedureStarted>
{
    /// <summary>The hierarchy key of a cluster-wide update (one at a time, like one procedure per hierarchy).</summary>
    public const string ClusterKey = "(cluster)";

    public async ValueTask<ProcedureStarted> Handle(StartRollingUpdateCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (string.IsNullOrWhiteSpace(command.Package))
        {
            throw new BadInputException("say which package version to install: --package VERSION (e.g. --package 6.5.7638)");
        }

        return command.WholeCluster
            ? await StartClusterAsync(command, cancellationToken).ConfigureAwait(false)
            : await ProcedureLauncher.PlanFromCurrentStateAsync(() => StartTwoNodeAsync(command, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<ProcedureStarted> StartTwoNodeAsync(StartRollingUpdateCommand command, CancellationToken cancellationToken)
    {
        var name = command.Hierarchy ?? throw new BadInputException("name the hierarchy to update (`orchestrator update start H --package VERSION`), or update every node with --cluster");
        var context = await launcher.ResolveForMoveAsync(name, cancellationToken).ConfigureAwait(false);
        var h = context.Hierarchy;
        if (h.Priorities.Count != 2)
        {
            throw new BadInputException($"hierarchy {h.Name} spans {h.Priorities.Count} nodes; the two-node update (S29) needs exactly two — update a larger cluster one node at a time with `orchestrator update start --cluster --package {command.Package}`");
        }

        var primary = context.PlacedOn ?? throw new BadInputException($"hierarchy {h.Name} is in service on no node; bring it in service first (`orchestrator switchover {h.Name} --to NODE`)");
        var backup = h.Priorities.Select(p => p.Node).First(n => !string.Equals(n, primary, StringComparison.OrdinalIgnoreCase));
        var now = time.GetUtcNow();
        if (command.SwitchbackAt is { } at && at < now - TimeSpan.FromMinutes(1))
        {
            throw new BadInputException($"the switchback time {at:u} has passed; give a later time, or leave --switchback-at out to switch back at once");
        }

        var data = await DataAsync(command, [primary, backup], cancellationToken).ConfigureAwait(false);
        var plan = RollingUpdatePlan.TwoNode(context.Cluster, h, primary, backup, command.Package, command.SwitchbackAt, now);
        var when = command.SwitchbackAt is { } t ? $"switch back at {t:u}" : "switch back at once";
        var reason = $"rolling update of {h.Name} to {command.Package} (S29): {primary} first, then {backup}; {when}";
        return await launcher.LaunchAsync(new LaunchRequest(RollingUpdateProcedure.KindName, context, primary, primary, command.Actor, reason,
            Plan: plan, Data: data.ToJson()), cancellationToken).ConfigureAwait(false);
    }

    private async Task<ProcedureStarted> StartClusterAsync(StartRollingUpdateCommand command, CancellationToken cancellationToken)
    {
        if (command.RetriesPerNode is < 1 or > 20 || command.MaxFailedNodes < 1)
        {
            throw new BadInputException("--retries-per-node takes 1 to 20 and --max-failed-nodes at least 1");
        }

        var (cluster, _) = await definitions.GetAsync(cancellationToken).ConfigureAwait(false);
        var context = await launcher.ResolveAsync(cluster.Hierarchies[0].Name, cancellationToken).ConfigureAwait(false);

        // Spares first (nothing to move off them), then the others in the definition's order.
        var order = cluster.Nodes.OrderBy(n => n.Spare ? 0 : 1).Select(n => n.Name).ToList();
        var data = await DataAsync(command, order, cancellationToken).ConfigureAwait(false);
        var plan = RollingUpdatePlan.Cluster(cluster, order, new NodeUpdateTarget(command.Package, command.RetriesPerNode, command.MaxFailedNodes).ToString());
        var reason = $"rolling update of cluster {cluster.Name} to {command.Package}, one node at a time ({string.Join(", ", order)}); " +
            $"{command.RetriesPerNode} tries per node, the run stops at {command.MaxFailedNodes} failed node(s)";
        return await launcher.LaunchAsync(new LaunchRequest(RollingUpdateProcedure.KindName, context, null, order[0], command.Actor, reason,
            Plan: plan, Data: data.ToJson(), HierarchyKey: ClusterKey), cancellationToken).ConfigureAwait(false);
    }

    private async Task<RollingUpdateData> DataAsync(StartRollingUpdateCommand command, IReadOnlyList<string> runNodes, CancellationToken cancellationToken)
    {
        var before = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in runNodes)
        {
            if (!await nodes.IsUpAsync(node, cancellationToken).ConfigureAwait(false))
            {
                throw new BadInputException($"node {node} is down; an update needs every node of the run up (restore it, or fail its hierarchies over first)");
            }

            before[node] = await software.InstalledVersionAsync(node, cancellationToken).ConfigureAwait(false);
        }

        if (before.Values.All(v => v == command.Package))
        {
            throw new BadInputException($"every node of the run already has {command.Package}; nothing to update");
        }

        return new RollingUpdateData(command.Package, command.SwitchbackAt, before, runNodes);
    }
}
