using Orchestrator.Domain.Cluster;
using static Orchestrator.Domain.Rules.RuleText;

namespace Orchestrator.Domain.Rules;

/// <summary>
/// S20: failback (switchback) moves a hierarchy back to a better node: never to a lower-priority one.
/// Intelligent switchback waits for an operator; automatic switchback moves back once the better node has been
/// healthy for the stabilisation time. Pure; node names compare case-insensitively.
/// </summary>
public static class SwitchbackRule
{
    /// <summary>
    /// The best-priority node of <paramref name="hierarchy"/> that is up, is a node of <paramref name="cluster"/>, and has
    /// a strictly better (lower) priority than <paramref name="currentNode"/>; null when there is none.
    /// </summary>
    public static string? FailbackTarget(ClusterDefinition cluster, HierarchyDefinition hierarchy, string currentNode, IReadOnlySet<string> upNodes)
    {
        ArgumentNullException.ThrowIfNull(upNodes);
        return Better(cluster, hierarchy, currentNode).FirstOrDefault(p => IsUp(upNodes, p.Node))?.Node;
    }

    /// <summary>True only for automatic switchback, once the target has been healthy for at least <paramref name="stabilisation"/>.</summary>
    public static bool ShouldFailBackAutomatically(SwitchbackType type, DateTimeOffset? targetHealthySince, DateTimeOffset now, TimeSpan stabilisation) =>
        type == SwitchbackType.Automatic && targetHealthySince is { } since && now - since >= stabilisation;

    /// <summary>
    /// Why <c>orchestrator failback</c> cannot move <paramref name="hierarchy"/> from <paramref name="currentNode"/>
    /// (to <paramref name="requestedTarget"/>, or else to the best better node), in words; null when it can.
    /// </summary>
    public static string? ExplainRefusal(
        ClusterDefinition cluster, HierarchyDefinition hierarchy, string currentNode, IReadOnlySet<string> upNodes, string? requestedTarget = null)
    {
        ArgumentNullException.ThrowIfNull(upNodes);
        var better = Better(cluster, hierarchy, currentNode);
        var current = NodeWithPriority(currentNode, hierarchy.PriorityOf(currentNode));
        if (requestedTarget is not null)
            return ExplainTarget(cluster, hierarchy, currentNode, upNodes, requestedTarget);
        if (better.Count == 0)
            return $"{hierarchy.Name} is already on its best node {currentNode}; there is no higher-priority node to fail back to";
        if (better.Any(p => IsUp(upNodes, p.Node)))
            return null;
        var down = better.Select(p => $"{NodeWithPriority(p.Node, p.Priority)} is down").ToList();
        return $"{hierarchy.Name} stays on {current}: {List(down)}; failback needs a higher-priority node that is up";
    }

    private static string? ExplainTarget(
        ClusterDefinition cluster, HierarchyDefinition hierarchy, string currentNode, IReadOnlySet<string> upNodes, string target)
    {
        var targetPriority = hierarchy.PriorityOf(target);
        var currentPriority = hierarchy.PriorityOf(currentNode);
        if (targetPriority is null || cluster.FindNode(target) is null)
            return $"{target} is not a node of {hierarchy.Name} (its nodes: {string.Join(", ", hierarchy.Priorities.Select(p => p.Node))})";
        if (Names.Equals(target, currentNode))
            return $"{hierarchy.Name} is already on {NodeWithPriority(currentNode, currentPriority)}";
        if (currentPriority is { } cp && targetPriority > cp)
            return $"{target} has a lower priority ({targetPriority}) than the current {currentNode} ({cp}); failback never moves to a lower-priority node";
        if (!IsUp(upNodes, target))
            return $"{NodeWithPriority(target, targetPriority)} is down";
        return null;
    }

    /// <summary>The hierarchy's cluster nodes with a strictly better priority than the current node's, best first.</summary>
    private static List<NodePriority> Better(ClusterDefinition cluster, HierarchyDefinition hierarchy, string currentNode)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(hierarchy);
        ArgumentNullException.ThrowIfNull(currentNode);
        var current = hierarchy.PriorityOf(currentNode) ?? int.MaxValue;
        return hierarchy.Priorities
            .Where(p => p.Priority < current && !Names.Equals(p.Node, currentNode) && cluster.FindNode(p.Node) is not null)
            .OrderBy(p => p.Priority).ThenBy(p => p.Node, Names)
            .ToList();
    }

    private static bool IsUp(IReadOnlySet<string> upNodes, string node) => upNodes.Any(n => Names.Equals(n, node));
}
