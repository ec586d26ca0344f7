using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Ports;

/// <summary>
/// The environment as one observation, read at one instant: every node up or down, the nodes where each hierarchy is in
/// service (every volume mounted there and every service running), each server's routing group and the public-folder
/// owner list (S23). What a reader that wants the whole cluster (status) asks once, instead of once per node and hierarchy.
/// </summary>
public sealed record EnvironmentObservation(
    IReadOnlyDictionary<string, bool> NodesUp,
    IReadOnlyDictionary<string, IReadOnlyList<string>> InService,
    IReadOnlyDictionary<string, string> RoutingGroups,
    IReadOnlyList<string> PublicFolderOwners)
{
    /// <summary>Whether the node is up; throws for a node the environment does not know.</summary>
    public bool IsUp(string node) =>
        NodesUp.TryGetValue(node, out var up) ? up : throw new UnknownWorldObjectException("node", node, NodesUp.Keys);

    /// <summary>The nodes where the hierarchy is in service; throws for a hierarchy the environment does not know.</summary>
    public IReadOnlyList<string> InServiceNodes(string hierarchy) =>
        InService.TryGetValue(hierarchy, out var nodes) ? nodes : throw new UnknownWorldObjectException("hierarchy", hierarchy, InService.Keys);

    /// <summary>The server's routing group, or null when it has none.</summary>
    public string? RoutingGroupOf(string server) => RoutingGroups.GetValueOrDefault(server);
}
