using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

public sealed class WorldFencingTests : SeededWorldTests
{
    [Fact]
    public async Task Fencing_a_running_node_powers_it_off_and_frees_its_volumes_and_address()
    {
        await T.World.EnsureFencedAsync("node1", T.Key(), None);

        var snapshot = await T.SnapshotAsync();
        var node1 = snapshot.Node("node1");
        Assert.False(node1.Up);
        Assert.True(node1.Fenced);
        Assert.All(node1.Services, s => Assert.Equal(ServiceState.Stopped, s.State));
        Assert.Empty(node1.Shares);
        Assert.All(SampleCluster.Volumes, v => Assert.Null(snapshot.MountedNode(v)));
        Assert.Null(await T.World.GetOwnerAsync(SampleCluster.Address, None));
        Assert.Empty(snapshot.InServiceNodes(SampleCluster.Hierarchy));
        Assert.True(await T.World.IsFencedAsync("node1", None));
        Assert.False(await T.World.IsUpAsync("node1", None));
        Assert.False(await T.World.IsFencedAsync("node2", None));
    }

    [Fact]
    public async Task A_node_that_is_already_down_can_be_fenced_because_the_fence_device_acts_not_the_node()
    {
        await T.World.FailNodeAsync("node1");

        await T.World.EnsureFencedAsync("node1", T.Key(), None);

        var snapshot = await T.SnapshotAsync();
        Assert.True(snapshot.Node("node1").Fenced);
        Assert.Null(snapshot.MountedNode("E"));
        Assert.Equal(1, snapshot.AppliedCount(EffectKind.NodeFence, "node1", "node1"));
        Assert.Equal(0, snapshot.Failed[EffectKind.NodeFence]);
    }

    [Fact]
    public async Task Fencing_a_fenced_node_again_is_a_no_op_and_is_counted_once()
    {
        await T.World.EnsureFencedAsync("node1", T.Key(), None);

        await T.World.EnsureFencedAsync("NODE1", T.Key(), None);

        var snapshot = await T.SnapshotAsync();
        Assert.Equal(1, snapshot.Applied["NodeFence:node1/node1"]);
        Assert.Equal(2, snapshot.Calls[EffectKind.NodeFence]);
        Assert.Equal(1, snapshot.NoOps[EffectKind.NodeFence]);
    }

    [Fact]
    public async Task Repeating_a_fence_with_the_same_key_is_replayed_even_after_the_node_was_restored()
    {
        var key = T.Key();
        await T.World.EnsureFencedAsync("node1", key, None);
        await T.World.RestoreNodeAsync("node1");

        await T.World.EnsureFencedAsync("node1", key, None);

        var snapshot = await T.SnapshotAsync();
        Assert.False(snapshot.Node("node1").Fenced);
        Assert.Equal(1, snapshot.Replayed[EffectKind.NodeFence]);
        Assert.Equal(1, snapshot.AppliedCount(EffectKind.NodeFence));
    }

    [Fact]
    public async Task Restoring_a_fenced_node_brings_it_up_unfenced_with_nothing_held()
    {
        await T.World.EnsureFencedAsync("node1", T.Key(), None);

        await T.World.RestoreNodeAsync("node1");

        var snapshot = await T.SnapshotAsync();
        Assert.True(snapshot.Node("node1").Up);
        Assert.False(snapshot.Node("node1").Fenced);
        Assert.False(await T.World.IsFencedAsync("node1", None));
        Assert.Null(snapshot.MountedNode("E"));
        Assert.Equal(ServiceState.Stopped, snapshot.ServiceStateOn("node1", "MSExchangeIS"));
    }

    [Fact]
    public async Task An_injected_fault_fails_a_fence_as_transient_and_leaves_the_node_as_it_was()
    {
        await T.World.FailNodeAsync("node1");
        await T.World.FailNextAsync(EffectKind.NodeFence, "node1", 1);

        var error = await Assert.ThrowsAsync<EnvironmentException>(() => T.World.EnsureFencedAsync("node1", T.Key(), None));

        Assert.True(error.Transient);
        var snapshot = await T.SnapshotAsync();
        Assert.False(snapshot.Node("node1").Fenced);
        Assert.Equal("node1", snapshot.MountedNode("E"));
        Assert.Equal(1, snapshot.Failed[EffectKind.NodeFence]);
    }

    [Fact]
    public async Task Fencing_an_unknown_node_names_the_known_ones_and_is_not_counted()
    {
        var error = await Assert.ThrowsAsync<UnknownWorldObjectException>(() => T.World.EnsureFencedAsync("node9", T.Key(), None));

        Assert.Equal(["node1", "node2", "node3"], error.KnownNames);
        Assert.Equal(0, (await T.SnapshotAsync()).Calls[EffectKind.NodeFence]);
    }

    [Fact]
    public async Task A_failed_fenced_node_stays_fenced()
    {
        await T.World.EnsureFencedAsync("node2", T.Key(), None);

        await T.World.FailNodeAsync("node2");

        Assert.True(await T.World.IsFencedAsync("node2", None));
    }
}
