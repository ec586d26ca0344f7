using Mediator;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Views;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Replicas;
using Orchestrator.Storage.Holds;

namespace Orchestrator.Engine.Queries.GetStatus;

/// <summary>
/// The status from one observation of the environment and a handful of set-based reads — the definition, the placements,
/// the active procedures (by index), the newest replica update of each hierarchy and the switchback holds — joined in
/// memory, so its cost grows with the cluster, not with the cluster times the cost of a read.
/// </summary>
public sealed class GetStatusHandler(CurrentDefinition definitions, IProcedureStore store, IReplicaUpdateStore replicas, ISwitchbackHoldStore holds, IEnvironmentObserver environment)
    : IQueryHandler<GetStatusQuery, StatusView>
{
    public async ValueTask<StatusView> Handle(GetStatusQuery query, CancellationToken cancellationToken)
    {
        var byName = StringComparer.OrdinalIgnoreCase;
        var (cluster, version) = await definitions.GetAsync(cancellationToken).ConfigureAwait(false);
        var placements = new Dictionary<string, string?>(byName);
        foreach (var p in await store.GetPlacementsAsync(cancellationToken).ConfigureAwait(false))
        {
            placements.TryAdd(p.Hierarchy, p.Node);
        }

        var active = new Dictionary<string, ProcedureRecord>(byName);
        foreach (var p in await store.ListActiveAsync(cancellationToken).ConfigureAwait(false))
        {
            active.TryAdd(p.Hierarchy, p);
        }

        var updates = new Dictionary<string, ReplicaUpdateRecord>(byName);
        foreach (var u in await replicas.LatestPerHierarchyAsync(cancellationToken).ConfigureAwait(false))
        {
            updates.TryAdd(u.Hierarchy, u); // newest first
        }

        var held = await holds.ListHeldAsync(cancellationToken).ConfigureAwait(false);
        var world = await environment.ObserveAsync(cancellationToken).ConfigureAwait(false);
        var nodes = cluster.Nodes.ToDictionary(n => n.Name, n => (Up: world.IsUp(n.Name), Group: world.RoutingGroupOf(n.Name)), byName);

        var hierarchies = new List<HierarchyStatusView>(cluster.Hierarchies.Count);
        foreach (var h in cluster.Hierarchies)
        {
            var procedure = active.GetValueOrDefault(h.Name);
            var nodeViews = h.Priorities.OrderBy(p => p.Priority)
                .Select(p => (nodes.TryGetValue(p.Node, out var n) ? new NodeStatusView(p.Node, p.Priority, n.Up, n.Group) : new NodeStatusView(p.Node, p.Priority, false, null))
                    with { Unknown = world.NodesUnknown.GetValueOrDefault(p.Node), AgentPaths = world.AgentPaths.GetValueOrDefault(p.Node) })
                .ToList();
            var updateText = updates.GetValueOrDefault(h.Name) is not { } update ? null
                : $"#{update.Id} {update.State} {update.Done}/{update.Total}" + (update.Failed > 0 ? $", {update.Failed} failed" : "") + $" ({update.FromServer} → {update.ToServer})";
            var switchback = held.GetValueOrDefault(h.Name) is { } hold
                ? $"{hold} (held by an update; the operator's: {h.SwitchbackOr(cluster.Settings).ToString().ToLowerInvariant()})"
                : h.SwitchbackOr(cluster.Settings).ToString().ToLowerInvariant();
            hierarchies.Add(new HierarchyStatusView(
                h.Name, placements.GetValueOrDefault(h.Name), world.InServiceNodes(h.Name), nodeViews, procedure?.Id, procedure?.State, switchback, updateText)
            {
                InServiceUnknown = world.InServiceUnknown.GetValueOrDefault(h.Name), Resources = world.Resources.GetValueOrDefault(h.Name),
            });
        }

        return new StatusView(cluster.Name, version, SettingsView.From(cluster.Settings), hierarchies) { PublicFolderOwners = world.PublicFolderOwners };
    }
}
