using Mediator;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Views;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Replicas;
using Orchestrator.Storage.Holds;

namespace Orchestrator.Engine.Queries.GetStatus;

public sealed class GetStatusHandler(CurrentDefinition definitions, IProcedureStore store, IReplicaUpdateStore replicas, ISwitchbackHoldStore holds, IHierarchyObserver observer, INodeProbe nodes, IRoutingControl routing)
    : IQueryHandler<GetStatusQuery, StatusView>
{
    public async ValueTask<StatusView> Handle(GetStatusQuery query, CancellationToken cancellationToken)
    {
        var (cluster, version) = await definitions.GetAsync(cancellationToken).ConfigureAwait(false);
        var placements = await store.GetPlacementsAsync(cancellationToken).ConfigureAwait(false);
        var active = (await store.ListActiveAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Hierarchy, StringComparer.OrdinalIgnoreCase);
        var up = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        var groups = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in cluster.Nodes)
        {
            up[node.Name] = await nodes.IsUpAsync(node.Name, cancellationToken).ConfigureAwait(false);
            groups[node.Name] = await routing.RoutingGroupOfAsync(node.Name, cancellationToken).ConfigureAwait(false);
        }

        var hierarchies = new List<HierarchyStatusView>();
        foreach (var h in cluster.Hierarchies)
        {
            var placedOn = placements.FirstOrDefault(p => string.Equals(p.Hierarchy, h.Name, StringComparison.OrdinalIgnoreCase))?.Node;
            var inService = await observer.InServiceNodesAsync(h.Name, cancellationToken).ConfigureAwait(false);
            var nodeViews = h.Priorities.OrderBy(p => p.Priority).Select(p => new NodeStatusView(p.Node, p.Priority, up.GetValueOrDefault(p.Node), groups.GetValueOrDefault(p.Node))).ToList();
            var update = await replicas.LatestAsync(h.Name, cancellationToken).ConfigureAwait(false);
            var updateText = update is null ? null
                : $"#{update.Id} {update.State} {update.Done}/{update.Total}" + (update.Failed > 0 ? $", {update.Failed} failed" : "") + $" ({update.FromServer} → {update.ToServer})";
            var switchback = await holds.HeldAsync(h.Name, cancellationToken).ConfigureAwait(false) is { } held
                ? $"{held} (held by an update; the operator's: {h.SwitchbackOr(cluster.Settings).ToString().ToLowerInvariant()})"
                : h.SwitchbackOr(cluster.Settings).ToString().ToLowerInvariant();
            hierarchies.Add(new HierarchyStatusView(h.Name, placedOn, inService, nodeViews, active.GetValueOrDefault(h.Name)?.Id, active.GetValueOrDefault(h.Name)?.State, switchback, updateText));
        }

        var owners = await routing.PublicFolderOwnersAsync(cancellationToken).ConfigureAwait(false);
        return new StatusView(cluster.Name, version, SettingsView.From(cluster.Settings), hierarchies) { PublicFolderOwners = owners };
    }
}
