using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

public sealed class WorldPhysicsTests : SeededWorldTests
{
    [Fact]
    public async Task A_volume_cannot_be_mounted_on_a_second_node_while_the_node_holding_it_is_up()
    {
        var error = await Assert.ThrowsAsync<EnvironmentException>(
            () => T.World.EnsureMountedAsync("node2", "E", T.Key(), None));

        Assert.Contains("volume E is mounted on node1", error.Message, StringComparison.Ordinal);
        Assert.False(error.Transient);
        Assert.Equal("node1", await T.World.GetMountedNodeAsync("E", None));
        var snapshot = await T.SnapshotAsync();
        Assert.Equal(1, snapshot.Failed[EffectKind.VolumeMount]);
        Assert.Equal(0, snapshot.AppliedCount(EffectKind.VolumeMount));
    }

    [Fact]
    public async Task The_switchable_address_cannot_be_acquired_while_another_live_node_owns_it()
    {
        var error = await Assert.ThrowsAsync<EnvironmentException>(
            () => T.World.EnsureOwnedAsync("node2", SampleCluster.Address, T.Key(), None));

        Assert.Contains("node1", error.Message, StringComparison.Ordinal);
        Assert.Contains(SampleCluster.Address, error.Message, StringComparison.Ordinal);
        Assert.False(error.Transient);
        Assert.Equal("node1", await T.World.GetOwnerAsync(SampleCluster.Address, None));
    }

    [Fact]
    public async Task Unmounting_a_volume_under_a_running_service_is_refused_naming_the_service()
    {
        var error = await Assert.ThrowsAsync<EnvironmentException>(
            () => T.World.EnsureUnmountedAsync("node1", "F", T.Key(), None));

        Assert.Contains("MSExchangeSA", error.Message, StringComparison.Ordinal);
        Assert.Contains("volume F", error.Message, StringComparison.Ordinal);
        Assert.False(error.Transient);
        Assert.Equal("node1", await T.World.GetMountedNodeAsync("F", None));
    }

    [Fact]
    public async Task A_volume_can_be_unmounted_once_every_service_needing_it_is_stopped()
    {
        foreach (var service in SampleCluster.Services)
        {
            await T.World.EnsureStoppedAsync("node1", service, T.Key(), None);
        }

        await T.World.EnsureUnmountedAsync("node1", "E", T.Key(), None);

        Assert.Null(await T.World.GetMountedNodeAsync("E", None));
    }

    [Fact]
    public async Task Starting_a_service_where_its_volumes_are_not_mounted_is_refused_naming_the_missing_volume()
    {
        var error = await Assert.ThrowsAsync<EnvironmentException>(
            () => T.World.EnsureStartedAsync("node2", "MSExchangeIS", T.Key(), None));

        Assert.Contains("volume E", error.Message, StringComparison.Ordinal);
        Assert.False(error.Transient);
        Assert.Equal(ServiceState.Stopped, await T.World.GetStateAsync("node2", "MSExchangeIS", None));
    }

    [Fact]
    public async Task A_switchover_applied_in_order_puts_the_hierarchy_in_service_on_the_other_node_only()
    {
        await T.SwitchOverAsync("node1", "node2");

        var snapshot = await T.SnapshotAsync();
        Assert.Equal(["node2"], snapshot.InServiceNodes(SampleCluster.Hierarchy));
        Assert.Equal("node2", snapshot.MountedNode("E"));
        Assert.Equal("node2", await T.World.GetOwnerAsync(SampleCluster.Address, None));
        Assert.Equal(ServiceState.Stopped, snapshot.ServiceStateOn("node1", "MSExchangeIS"));
        Assert.Equal(ServiceState.Running, snapshot.ServiceStateOn("node2", "MSExchangeIS"));
        Assert.Equal(1, snapshot.AppliedCount(EffectKind.ServiceStart, "node2", "MSExchangeIS"));
        Assert.Equal(1, snapshot.AppliedCount(EffectKind.VolumeMount, "node2", "F"));
    }

    [Fact]
    public async Task Shares_and_dns_records_follow_the_node_they_are_moved_to()
    {
        await T.World.EnsureRemovedAsync("node1", "Resources$", T.Key(), None);
        await T.World.EnsureSharedAsync("node2", "Resources$", T.Key(), None);
        await T.World.EnsureRecordAsync("A", SampleCluster.DnsName, "node2", T.Key(), None);

        var snapshot = await T.SnapshotAsync();
        Assert.DoesNotContain("Resources$", snapshot.Node("node1").Shares);
        Assert.Contains("Resources$", snapshot.Node("node2").Shares);
        Assert.Equal("node2", await T.World.GetRecordTargetAsync("A", SampleCluster.DnsName, None));
        Assert.Equal("node1", await T.World.GetRecordTargetAsync("PTR", "50.0.0.10.in-addr.arpa", None));
        Assert.Equal(1, snapshot.Applied[$"DnsUpdate:node2/A {SampleCluster.DnsName}"]);
    }

    [Fact]
    public async Task Unknown_names_are_rejected_listing_the_names_the_world_knows()
    {
        var node = await Assert.ThrowsAsync<UnknownWorldObjectException>(
            () => T.World.EnsureMountedAsync("node9", "E", T.Key(), None));
        var volume = await Assert.ThrowsAsync<UnknownWorldObjectException>(
            () => T.World.EnsureMountedAsync("node1", "Z", T.Key(), None));

        Assert.Equal("node9", node.Name);
        Assert.Equal(["node1", "node2", "node3"], node.KnownNames);
        Assert.Contains("node9", node.Message, StringComparison.Ordinal);
        Assert.Contains("node1, node2, node3", node.Message, StringComparison.Ordinal);
        Assert.Equal("volume", volume.ObjectKind);
        Assert.IsAssignableFrom<ArgumentException>(volume);
        await Assert.ThrowsAsync<UnknownWorldObjectException>(() => T.World.FailNodeAsync("nodeX"));
    }

    [Fact]
    public async Task Names_are_matched_ignoring_case_and_reported_as_seeded()
    {
        await T.World.EnsureStoppedAsync("NODE1", "msexchangeis", T.Key(), None);

        var snapshot = await T.SnapshotAsync();
        Assert.Equal(1, snapshot.Applied["ServiceStop:node1/MSExchangeIS"]);
        Assert.Equal(ServiceState.Stopped, await T.World.GetStateAsync("Node1", "MSExchangeIs", None));
    }
}
