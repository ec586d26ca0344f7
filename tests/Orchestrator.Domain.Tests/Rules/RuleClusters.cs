using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Tests.Rules;

/// <summary>Clusters and failover situations for the rule tests.</summary>
internal static class RuleClusters
{
    private static readonly SourceLocation At = SourceLocation.Unknown;

    /// <summary>S2 cascading: exch1 on node1 (1), then node2 (10), then node3 (20).</summary>
    public static ClusterDefinition Cascading3(bool automaticFailover = true) => new(
        "cascading",
        ClusterSettings.Defaults with { AutomaticFailover = automaticFailover },
        [Node("node1"), Node("node2"), Node("node3")],
        [Path("node1", "node2"), Path("node1", "node3"), Path("node2", "node3")],
        [Hierarchy("exch1", ("node1", 1), ("node2", 10), ("node3", 20))],
        At);

    /// <summary>S2/S4 N+1: exch1..exch3 primary on node1..node3, each with the spare node4 at priority 10.</summary>
    public static ClusterDefinition NPlusOne(bool nPlusOne = true) => new(
        "n-plus-1",
        ClusterSettings.Defaults with { NPlusOne = nPlusOne },
        [Node("node1"), Node("node2"), Node("node3"), Node("node4", spare: true)],
        [Path("node1", "node4"), Path("node2", "node4"), Path("node3", "node4")],
        [
            Hierarchy("exch1", ("node1", 1), ("node4", 10)),
            Hierarchy("exch2", ("node2", 1), ("node4", 10)),
            Hierarchy("exch3", ("node3", 1), ("node4", 10)),
        ],
        At);

    public static NodeDefinition Node(string name, bool spare = false) => new(name, null, spare, At);

    public static CommunicationPath Path(string a, string b) => new(a, b, "tcp", At);

    public static HierarchyDefinition Hierarchy(string name, params (string Node, int Priority)[] priorities) => new(
        name,
        HierarchyDefinition.ActiveStandby,
        new ApplicationResource(name.ToUpperInvariant(), [new ProtectedService("MSExchangeIS", null, At)], [], At),
        [],
        null,
        [],
        priorities.Select(p => new NodePriority(p.Node, p.Priority, At)).ToList(),
        At);

    public static HashSet<string> Up(params string[] nodes) => new(nodes, StringComparer.Ordinal);

    public static FailoverSituation Situation(
        ClusterDefinition cluster,
        string failed,
        IEnumerable<string> up,
        string hierarchy = "exch1",
        IEnumerable<HierarchyPlacement>? placements = null,
        IReadOnlyDictionary<string, MirrorState>? mirrors = null,
        bool byOperator = false) => new(
        cluster,
        cluster.FindHierarchy(hierarchy)!,
        failed,
        new HashSet<string>(up, StringComparer.Ordinal),
        placements?.ToList() ?? [],
        mirrors ?? new Dictionary<string, MirrorState>(),
        byOperator);
}
