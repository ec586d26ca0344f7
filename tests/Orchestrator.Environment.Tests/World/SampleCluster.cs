using Orchestrator.Domain.Cluster;

namespace Orchestrator.Environment.Tests.World;

/// <summary>Cluster definitions for world tests: node1/node2/node3 and an Exchange hierarchy EXCH1 primary on node1.</summary>
internal static class SampleCluster
{
    public const string Hierarchy = "EXCH1";
    public const string Address = "10.0.0.50";
    public const string DnsName = "exch1.contoso.com";
    public static readonly string[] Services = ["MSExchangeSA", "MSExchangeIS", "MSExchangeMTA"];
    public static readonly string[] Volumes = ["E", "F"];

    private static readonly SourceLocation At = SourceLocation.Unknown;

    public static ClusterDefinition Create(params HierarchyDefinition[] hierarchies) =>
        new(
            "lab",
            ClusterSettings.Defaults,
            [Node("node1"), Node("node2"), Node("node3")],
            [new CommunicationPath("node1", "node2", "tcp", At), new CommunicationPath("node2", "node3", "tcp", At)],
            hierarchies.Length == 0 ? [Exchange()] : hierarchies,
            At);

    public static HierarchyDefinition Exchange(
        string name = Hierarchy,
        string primary = "node1",
        string backup = "node2",
        string[]? volumes = null,
        string address = Address,
        string dnsName = DnsName,
        string[]? services = null) =>
        new(
            name,
            HierarchyDefinition.ActiveStandby,
            new ApplicationResource(
                name,
                [.. (services ?? Services).Select(s => new ProtectedService(s, null, At))],
                ApplicationResource.DefaultShares(name),
                At),
            [.. (volumes ?? Volumes).Select(v => new VolumeResource(v, "data", At))],
            new SwitchableAddress(address, At),
            [new DnsRecord("A", dnsName, At), new DnsRecord("PTR", "50.0.0.10.in-addr.arpa", At)],
            [new NodePriority(primary, 1, At), new NodePriority(backup, 10, At)],
            At);

    private static NodeDefinition Node(string name) => new(name, null, false, At);
}
