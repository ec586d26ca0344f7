using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

public sealed class WorldNodeFailureTests : SeededWorldTests
{
    [Fact]
    public async Task Effects_on_a_node_that_is_down_fail_as_transient_and_are_counted_as_failed()
    {
        await T.World.FailNodeAsync("node2");

        var error = await Assert.ThrowsAsync<EnvironmentException>(
            () => T.World.EnsureSharedAsync("node2", "Address", T.Key(), None));

        Assert.StartsWith("node2 is down; ", error.Message, StringComparison.Ordinal);
        Assert.True(error.Transient);
        var snapshot = await T.SnapshotAsync();
        Assert.Equal(1, snapshot.Failed[EffectKind.ShareCreate]);
        Assert.Empty(snapshot.Applied);
    }

    [Fact]
    public async Task A_failed_node_has_its_services_stopped_and_shares_gone_but_still_holds_volumes_and_address()
    {
        await T.World.FailNodeAsync("node1");

        var snapshot = await T.SnapshotAsync();
        var node1 = snapshot.Node("node1");
        Assert.False(node1.Up);
        Assert.All(node1.Services, s => Assert.Equal(ServiceState.Stopped, s.State));
        Assert.Empty(node1.Shares);
        Assert.Equal("node1", snapshot.MountedNode("E"));
        Assert.Equal("node1", await T.World.GetOwnerAsync(SampleCluster.Address, None));
        Assert.Empty(snapshot.InServiceNodes(SampleCluster.Hierarchy));
        Assert.False(await T.World.IsUpAsync("node1", None));
        Assert.True(await T.World.IsUpAsync("node2", None));
    }

    [Fact]
    public async Task Another_node_takes_over_the_volumes_and_address_of_a_dead_node()
    {
        await T.World.FailNodeAsync("node1");

        foreach (var volume in SampleCluster.Volumes)
        {
            await T.World.EnsureMountedAsync("node2", volume, T.Key(), None);
        }

        await T.World.EnsureOwnedAsync("node2", SampleCluster.Address, T.Key(), None);
        foreach (var service in SampleCluster.Services)
        {
            await T.World.EnsureStartedAsync("node2", service, T.Key(), None);
        }

        var snapshot = await T.SnapshotAsync();
        Assert.Equal(["node2"], snapshot.InServiceNodes(SampleCluster.Hierarchy));
        Assert.Equal(1, snapshot.AppliedCount(EffectKind.VolumeMount, "node2", "E"));
        Assert.Equal(1, snapshot.AppliedCount(EffectKind.AddressAcquire, "node2", SampleCluster.Address));
        Assert.Equal(0, snapshot.Failed.Values.Sum());
    }

    [Fact]
    public async Task A_restored_node_comes_back_up_with_its_services_stopped()
    {
        await T.World.FailNodeAsync("node1");
        await T.World.RestoreNodeAsync("node1");

        var snapshot = await T.SnapshotAsync();
        Assert.True(snapshot.Node("node1").Up);
        Assert.Equal(ServiceState.Stopped, snapshot.ServiceStateOn("node1", "MSExchangeIS"));
        Assert.Empty(snapshot.InServiceNodes(SampleCluster.Hierarchy));
        Assert.Equal(ServiceState.Running, await T.World.EnsureStartedAsync("node1", "MSExchangeIS", T.Key(), None));
    }

    [Fact]
    public async Task Once_the_dead_node_is_restored_its_volumes_can_no_longer_be_taken_over()
    {
        await T.World.FailNodeAsync("node1");
        await T.World.RestoreNodeAsync("node1");

        var error = await Assert.ThrowsAsync<EnvironmentException>(
            () => T.World.EnsureMountedAsync("node2", "E", T.Key(), None));

        Assert.False(error.Transient);
    }

    [Fact]
    public async Task A_replayed_effect_succeeds_even_after_its_node_went_down()
    {
        var key = T.Key();
        await T.World.EnsureRemovedAsync("node1", "Address", key, None);
        await T.World.FailNodeAsync("node1");

        await T.World.EnsureRemovedAsync("node1", "Address", key, None);

        Assert.Equal(1, (await T.SnapshotAsync()).Replayed[EffectKind.ShareRemove]);
    }
}
