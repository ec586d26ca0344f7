using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld : IEnvironmentObserver
{
    /// <summary>
    /// Every node up or down, where every hierarchy is in service, the routing groups and the public-folder owners, from one
    /// read of the world (the same answers as <see cref="IsUpAsync"/>, <see cref="SnapshotAsync"/>'s in-service nodes,
    /// <see cref="RoutingGroupOfAsync"/> and <see cref="PublicFolderOwnersAsync"/>).
    /// </summary>
    public Task<EnvironmentObservation> ObserveAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return store.ReadAsync(state => Observe(state, now), cancellationToken);
    }

    /// <summary>
    /// Every node of <paramref name="nodes"/> up or down from one read of the world (the same answers as
    /// <see cref="IsUpAsync"/> one by one); a node the world does not know is answered as no answer, with that error.
    /// </summary>
    public Task<IReadOnlyList<NodeProbeAnswer>> ProbeNodesAsync(IReadOnlyList<string> nodes, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        return store.ReadAsync<IReadOnlyList<NodeProbeAnswer>>(state =>
        {
            var answers = new NodeProbeAnswer[nodes.Count];
            for (var i = 0; i < answers.Length; i++)
            {
                try
                {
                    answers[i] = new NodeProbeAnswer(nodes[i], WorldLookup.Node(state, nodes[i]).Up);
                }
                catch (UnknownWorldObjectException e)
                {
                    answers[i] = NodeProbeAnswer.NoAnswer(nodes[i], e.Message);
                }
            }

            return answers;
        }, cancellationToken);
    }

    private static EnvironmentObservation Observe(WorldState state, DateTimeOffset now)
    {
        var byName = StringComparer.OrdinalIgnoreCase;
        _ = state.Volumes.Count; // one read of the whole table, not one per hierarchy's volume
        var nodes = state.Nodes.Values.OrderBy(n => n.Name, byName).ToList();
        var running = nodes.ToDictionary(
            n => n.Name,
            n => n.Services.Values.Where(s => s.EffectiveState(now) == ServiceState.Running).Select(s => s.Name).ToHashSet(byName),
            byName);
        var inService = new Dictionary<string, IReadOnlyList<string>>(byName);
        foreach (var h in state.Hierarchies.Values)
        {
            inService[h.Name] = nodes
                .Where(n => h.Volumes.All(v => state.Volumes.TryGetValue(v, out var volume) && SameName(volume.MountedOn, n.Name))
                    && h.Services.All(running[n.Name].Contains))
                .Select(n => n.Name)
                .ToList();
        }

        return new EnvironmentObservation(
            nodes.ToDictionary(n => n.Name, n => n.Up, byName),
            inService,
            new Dictionary<string, string>(state.RoutingGroups, byName),
            [.. state.PublicFolderOwners]);
    }
}
