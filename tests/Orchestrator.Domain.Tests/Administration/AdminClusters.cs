using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using static Orchestrator.Domain.Tests.Rules.RuleClusters;

namespace Orchestrator.Domain.Tests.Administration;

/// <summary>Clusters and running states for the administration rule tests.</summary>
internal static class AdminClusters
{
    /// <summary>exch1 on node1 (1) and node2 (10); node3 has a path to node1 only, node4 none.</summary>
    public static ClusterDefinition Two() => new(
        "two",
        ClusterSettings.Defaults,
        [Node("node1"), Node("node2"), Node("node3"), Node("node4")],
        [Path("node1", "node2"), Path("node1", "node3")],
        [Hierarchy("exch1", ("node1", 1), ("node2", 10))],
        SourceLocation.Unknown);

    public static HierarchyDefinition Exch1(this ClusterDefinition cluster) => cluster.FindHierarchy("exch1")!;

    /// <summary>exch1 in service on <paramref name="node"/> (primary node1).</summary>
    public static RunningState InServiceOn(string node, string hierarchy = "exch1", string primary = "node1") =>
        new([new HierarchyPlacement(hierarchy, node, primary)], []);

    /// <summary>The cluster with its hierarchies replaced by <paramref name="hierarchies"/> (none: every hierarchy deleted).</summary>
    public static ClusterDefinition With(this ClusterDefinition cluster, params HierarchyDefinition[] hierarchies) =>
        cluster with { Hierarchies = hierarchies };
}
