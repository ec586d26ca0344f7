using Orchestrator.Domain.Cluster;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

/// <summary>S7 start modes of the unprotected optional services, and S23 routing groups and owners seeded from the definition.</summary>
public sealed class WorldStartModeAndRoutingTests : IDisposable
{
    private readonly TestWorld t = new();

    public void Dispose() => t.Dispose();

    private static ClusterDefinition WithRouting(string node2Group) => SampleCluster.Create() with
    {
        Nodes = [new NodeDefinition("node1", null, false, SourceLocation.Unknown) { RoutingGroup = "RG-East" },
            new NodeDefinition("node2", null, false, SourceLocation.Unknown) { RoutingGroup = node2Group },
            new NodeDefinition("node3", null, false, SourceLocation.Unknown)],
        PublicFolderOwners = [new PublicFolderOwner("NODE1", SourceLocation.Unknown), new PublicFolderOwner("node2", SourceLocation.Unknown)],
    };

    [Fact]
    public async Task Seeding_knows_the_unprotected_optional_services_on_every_node_of_the_hierarchy_stopped_and_automatic()
    {
        await t.World.SeedAsync(SampleCluster.Create(), CancellationToken.None);

        var snapshot = await t.SnapshotAsync();
        foreach (var node in new[] { "node1", "node2" })
        {
            var optional = snapshot.Node(node).Services.Where(s => s.Name is "IMAP4Svc" or "POP3Svc" or "MSSEARCH").ToList();
            Assert.Equal(3, optional.Count);
            Assert.All(optional, s => Assert.Equal((ServiceState.Stopped, ServiceStartMode.Automatic), (s.State, s.StartMode)));
            Assert.Single(snapshot.Node(node).Services, s => s.Name == "MSExchangeMTA"); // protected here, so not optional
        }

        Assert.Empty(snapshot.Node("node3").Services);
        Assert.Equal(["node1"], snapshot.InServiceNodes(SampleCluster.Hierarchy)); // optional services do not count for in service
    }

    [Fact]
    public async Task Setting_a_start_mode_is_an_idempotent_counted_effect_that_leaves_the_running_state()
    {
        await t.World.SeedAsync(SampleCluster.Create(), CancellationToken.None);
        var key = t.Key();

        Assert.True(await t.World.EnsureStartModeAsync("node1", "pop3svc", ServiceStartMode.Manual, key, CancellationToken.None));
        Assert.False(await t.World.EnsureStartModeAsync("node1", "POP3Svc", ServiceStartMode.Manual, key, CancellationToken.None)); // replay
        Assert.False(await t.World.EnsureStartModeAsync("node1", "POP3Svc", ServiceStartMode.Manual, t.Key(), CancellationToken.None)); // no-op
        Assert.True(await t.World.EnsureStartModeAsync("node1", "MSExchangeIS", ServiceStartMode.Manual, t.Key(), CancellationToken.None));

        var snapshot = await t.SnapshotAsync();
        Assert.Equal(1, snapshot.AppliedCount(EffectKind.ServiceStartMode, "node1", "POP3Svc"));
        Assert.Equal((1, 1), (snapshot.Replayed[EffectKind.ServiceStartMode], snapshot.NoOps[EffectKind.ServiceStartMode]));
        var services = snapshot.Node("node1").Services.ToDictionary(s => s.Name);
        Assert.Equal(ServiceStartMode.Manual, services["POP3Svc"].StartMode);
        Assert.Equal((ServiceState.Running, ServiceStartMode.Manual), (services["MSExchangeIS"].State, services["MSExchangeIS"].StartMode));
    }

    [Fact]
    public async Task A_start_mode_is_refused_for_an_unknown_service_and_on_a_node_that_is_down()
    {
        await t.World.SeedAsync(SampleCluster.Create(), CancellationToken.None);
        await t.World.FailNodeAsync("node2");

        await Assert.ThrowsAsync<UnknownWorldObjectException>(() => t.World.EnsureStartModeAsync("node1", "Nope", ServiceStartMode.Manual, t.Key(), CancellationToken.None));
        await Assert.ThrowsAsync<EnvironmentException>(() => t.World.EnsureStartModeAsync("node2", "IMAP4Svc", ServiceStartMode.Manual, t.Key(), CancellationToken.None));
        Assert.Equal(ServiceStartMode.Automatic, (await t.SnapshotAsync()).Node("node2").Services.Single(s => s.Name == "IMAP4Svc").StartMode);
    }

    [Fact]
    public async Task Seeding_sets_up_the_declared_routing_groups_and_owner_list_and_reseeding_keeps_a_swap_in_effect()
    {
        await t.World.SeedAsync(WithRouting("RG-West"), CancellationToken.None);

        Assert.Equal(["node1", "node2"], await t.World.PublicFolderOwnersAsync(CancellationToken.None));
        Assert.Equal("RG-West", await t.World.RoutingGroupOfAsync("node2", CancellationToken.None));
        Assert.Null(await t.World.RoutingGroupOfAsync("node3", CancellationToken.None));

        await t.World.EnsureRoutingGroupAsync("node2", "RG-East", t.Key(), CancellationToken.None); // a failover's swap
        await t.World.SeedAsync(WithRouting("RG-West"), CancellationToken.None);
        Assert.Equal(("RG-East", "RG-West"), (await t.World.RoutingGroupOfAsync("node2", CancellationToken.None), await t.World.OriginalRoutingGroupOfAsync("node2", CancellationToken.None)));

        await t.World.SeedAsync(WithRouting("RG-North"), CancellationToken.None); // the declaration changed
        Assert.Equal(("RG-North", "RG-North"), (await t.World.RoutingGroupOfAsync("node2", CancellationToken.None), await t.World.OriginalRoutingGroupOfAsync("node2", CancellationToken.None)));
    }
}
