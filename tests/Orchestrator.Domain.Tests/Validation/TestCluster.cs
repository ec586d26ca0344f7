using Orchestrator.Domain.Cluster;

namespace Orchestrator.Domain.Tests.Validation;

/// <summary>A valid two-node cluster whose elements sit on distinct, known lines, for tests to alter with 'with'.</summary>
internal static class TestCluster
{
    public static SourceLocation At(int line, int column = 5) => new(line, column);

    public static NodeDefinition Node(string name, int line, bool spare = false) => new(name, null, spare, At(line));

    public static CommunicationPath Path(string a, string b, int line) => new(a, b, "tcp", At(line));

    public static NodePriority Priority(string node, int priority, int line) => new(node, priority, At(line, 7));

    public static ProtectedService Service(string name, int line, int? maxWait = null) => new(name, maxWait, At(line, 11));

    /// <summary>Line 1 cluster, 2 settings, 5/7 nodes, 10 path, 12 hierarchy exch1 (14 application, 16-20 services, 22/24 volumes, 26 ip, 27 dns, 30/31 priorities).</summary>
    public static ClusterDefinition TwoNode() => new(
        "exchange-two-node",
        ClusterSettings.Defaults with { Location = At(2, 3) },
        [Node("node1", 5), Node("node2", 7)],
        [Path("node1", "node2", 10)],
        [Hierarchy("exch1", 12)],
        At(1, 1));

    public static HierarchyDefinition Hierarchy(string name, int line, string primary = "node1", string backup = "node2") => new(
        name,
        HierarchyDefinition.ActiveStandby,
        new ApplicationResource(
            name.ToUpperInvariant(),
            [Service("RESvc", line + 4), Service("MSExchangeSA", line + 5), Service("MSExchangeIS", line + 6), Service("SMTPSVC", line + 7), Service("W3SVC", line + 8)],
            ApplicationResource.DefaultShares(name.ToUpperInvariant()),
            At(line + 2, 7)),
        [new VolumeResource("E", "database", At(line + 10, 9)), new VolumeResource("F", "logs", At(line + 12, 9))],
        new SwitchableAddress("10.0.0.100", At(line + 14, 9)),
        [new DnsRecord("A", "mail.example.com", At(line + 15, 9))],
        [Priority(primary, 1, line + 18), Priority(backup, 10, line + 19)],
        At(line));

    public static ClusterDefinition WithHierarchy(this ClusterDefinition d, Func<HierarchyDefinition, HierarchyDefinition> change) =>
        d with { Hierarchies = [change(d.Hierarchies[0]), .. d.Hierarchies.Skip(1)] };

    public static HierarchyDefinition WithServices(this HierarchyDefinition h, params ProtectedService[] services) =>
        h with { Application = h.Application with { Services = services } };
}
