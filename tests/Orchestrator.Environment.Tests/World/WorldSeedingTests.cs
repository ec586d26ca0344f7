using System.Text.Json;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

public sealed class WorldSeedingTests : IDisposable
{
    private readonly TestWorld t = new();

    public void Dispose() => t.Dispose();

    [Fact]
    public async Task Seeding_places_a_new_hierarchy_in_service_on_its_primary_node()
    {
        await t.World.SeedAsync(SampleCluster.Create(), CancellationToken.None);

        var snapshot = await t.SnapshotAsync();
        Assert.Equal(["node1"], snapshot.InServiceNodes(SampleCluster.Hierarchy));
        Assert.Equal(["node1", "node2", "node3"], snapshot.Nodes.Select(n => n.Name));
        Assert.All(snapshot.Nodes, n => Assert.True(n.Up));
        Assert.All(snapshot.Volumes, v => Assert.Equal("node1", v.MountedOn));
        Assert.Equal([new AddressSnapshot(SampleCluster.Address, "node1")], snapshot.Addresses);
        Assert.All(snapshot.DnsRecords, d => Assert.Equal("node1", d.Target));
        Assert.Equal(["$EXCH1.log", "Address", "Resources$"], snapshot.Node("node1").Shares);
        Assert.Empty(snapshot.Node("node2").Shares);
        Assert.All(SampleCluster.Services, s => Assert.Equal(ServiceState.Running, snapshot.ServiceStateOn("node1", s)));
        Assert.All(SampleCluster.Services, s => Assert.Equal(ServiceState.Stopped, snapshot.ServiceStateOn("node2", s)));
    }

    [Fact]
    public async Task Seeding_is_not_counted_as_effects()
    {
        await t.World.SeedAsync(SampleCluster.Create(), CancellationToken.None);

        var snapshot = await t.SnapshotAsync();
        Assert.Empty(snapshot.Applied);
        Assert.Equal(0, snapshot.Calls.Values.Sum());
    }

    [Fact]
    public async Task Seeding_twice_with_the_same_definition_changes_nothing()
    {
        await t.World.SeedAsync(SampleCluster.Create(), CancellationToken.None);
        var before = JsonSerializer.Serialize(await t.Store.ReadAsync(CancellationToken.None), WorldStateJson.Options);

        await t.World.SeedAsync(SampleCluster.Create(), CancellationToken.None);

        var after = JsonSerializer.Serialize(await t.Store.ReadAsync(CancellationToken.None), WorldStateJson.Options);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Reseeding_does_not_move_a_hierarchy_back_to_its_primary_node()
    {
        await t.World.SeedAsync(SampleCluster.Create(), CancellationToken.None);
        await t.SwitchOverAsync("node1", "node2");

        await t.World.SeedAsync(SampleCluster.Create(), CancellationToken.None);

        Assert.Equal(["node2"], (await t.SnapshotAsync()).InServiceNodes(SampleCluster.Hierarchy));
    }

    [Fact]
    public async Task Seeding_a_larger_definition_adds_only_what_is_new()
    {
        await t.World.SeedAsync(SampleCluster.Create(), CancellationToken.None);
        await t.World.FailNodeAsync("node1");
        var second = SampleCluster.Exchange(
            "EXCH2", primary: "node2", backup: "node3", volumes: ["G", "H"], address: "10.0.0.51", dnsName: "exch2.contoso.com",
            services: ["MSExchangeSA2", "MSExchangeIS2"]);

        await t.World.SeedAsync(SampleCluster.Create(SampleCluster.Exchange(), second), CancellationToken.None);

        var snapshot = await t.SnapshotAsync();
        Assert.False(snapshot.Node("node1").Up);
        Assert.Empty(snapshot.InServiceNodes(SampleCluster.Hierarchy));
        Assert.Equal(["node2"], snapshot.InServiceNodes("EXCH2"));
        Assert.Equal("node2", snapshot.MountedNode("G"));
        Assert.Equal("node1", snapshot.MountedNode("E"));
    }
}
