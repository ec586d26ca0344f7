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

    /// <summary>
    /// Issue 14: per node whose liveness is unknown (no agent gave a health answer to judge by), why; such a node is in
    /// <see cref="NodesUp"/> as not up. Empty for the simulated world, which always knows.
    /// </summary>
    public IReadOnlyDictionary<string, string> NodesUnknown { get; init; } = new Dictionary<string, string>();

    /// <summary>Issue 14: per hierarchy whose nodes in service are not all known (an agent did not answer), why; <see cref="InService"/> has the known ones.</summary>
    public IReadOnlyDictionary<string, string> InServiceUnknown { get; init; } = new Dictionary<string, string>();

    /// <summary>Issue 14 (environment: agents): per node, its agent's answer on each path's URL: "yes", "no" or "unknown (why)".</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> AgentPaths { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>Issue 14 (environment: agents): per hierarchy, where each of its resources runs per the agents, one line each.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Resources { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The server's routing group, or null when it has none.</summary>
    public string? RoutingGroupOf(string server) => RoutingGroups.GetValueOrDefault(server);
}
