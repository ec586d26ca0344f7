using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.Tests.World;

/// <summary>Issue 11 point 2: one read answers what the monitor checks about a node's resources.</summary>
public sealed class WorldNodeResourcesTests : SeededWorldTests
{
    private static NodeResourceQuery Query(string node, params string[] volumes) =>
        new(node, SampleCluster.Services, volumes, [SampleCluster.Address], [new DnsRecordName("A", SampleCluster.DnsName)]);

    [Fact]
    public async Task One_read_answers_services_volumes_address_and_DNS_of_the_node_in_service()
    {
        var node1 = await T.World.ReadResourcesAsync(Query("node1", "E", "F"), None);
        var node2 = await T.World.ReadResourcesAsync(Query("node2", "E", "F"), None);

        Assert.True(node1.IsMounted("E") && node1.IsMounted("F") && node1.Owns(SampleCluster.Address));
        Assert.True(node1.IsPointedAt(new DnsRecordName("A", SampleCluster.DnsName)));
        Assert.All(SampleCluster.Services, s => Assert.Equal(ServiceState.Running, node1.StateOf(s)));
        Assert.False(node2.IsMounted("E") || node2.Owns(SampleCluster.Address) || node2.IsPointedAt(new DnsRecordName("A", SampleCluster.DnsName)));
        Assert.All(SampleCluster.Services, s => Assert.Equal(ServiceState.Stopped, node2.StateOf(s)));
    }

    [Fact]
    public async Task An_unknown_object_is_answered_as_unknown_alone_while_the_rest_of_the_read_stands()
    {
        await T.World.FailServiceAsync("node1", "MSExchangeIS");

        var node1 = await T.World.ReadResourcesAsync(Query("node1", "E", "Z"), None);

        var error = Assert.Throws<EnvironmentException>(() => node1.IsMounted("Z"));
        Assert.Contains("unknown volume 'Z'", error.Message, StringComparison.Ordinal);
        Assert.True(node1.IsMounted("E"));
        Assert.NotEqual(ServiceState.Running, node1.StateOf("MSExchangeIS"));
        Assert.Equal(ServiceState.Running, node1.StateOf("MSExchangeSA"));
    }
}
