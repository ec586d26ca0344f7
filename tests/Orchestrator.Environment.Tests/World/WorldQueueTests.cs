using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

public sealed class WorldQueueTests : SeededWorldTests
{
    [Fact]
    public async Task The_queues_for_a_server_deliver_to_that_server_until_reconnected()
    {
        var snapshot = await T.SnapshotAsync();

        Assert.All(snapshot.Queues, q => Assert.Equal(q.Server, q.ConnectedTo));
        Assert.Equal("node1", snapshot.QueuesConnectedTo("NODE1"));
    }

    [Fact]
    public async Task Reconnecting_the_queues_points_them_at_the_active_server_and_is_counted()
    {
        await T.World.EnsureQueuesReconnectedAsync("node1", "node2", T.Key(), None);

        var snapshot = await T.SnapshotAsync();
        Assert.Equal("node2", snapshot.QueuesConnectedTo("node1"));
        Assert.Equal("node2", snapshot.QueuesConnectedTo("node2"));
        Assert.Equal(1, snapshot.Applied["QueueReconnect:node2/node1"]);
    }

    [Fact]
    public async Task Reconnecting_twice_is_a_no_op_and_the_same_key_is_a_replay()
    {
        var key = T.Key();
        await T.World.EnsureQueuesReconnectedAsync("node1", "node2", key, None);

        await T.World.EnsureQueuesReconnectedAsync("node1", "node2", T.Key(), None);
        await T.World.EnsureQueuesReconnectedAsync("node1", "node2", key, None);

        var snapshot = await T.SnapshotAsync();
        Assert.Equal(1, snapshot.AppliedCount(EffectKind.QueueReconnect));
        Assert.Equal(1, snapshot.NoOps[EffectKind.QueueReconnect]);
        Assert.Equal(1, snapshot.Replayed[EffectKind.QueueReconnect]);
    }

    [Fact]
    public async Task Reconnecting_a_servers_queues_back_to_itself_restores_direct_delivery()
    {
        await T.World.EnsureQueuesReconnectedAsync("node1", "node2", T.Key(), None);

        await T.World.EnsureQueuesReconnectedAsync("node1", "node1", T.Key(), None);

        var snapshot = await T.SnapshotAsync();
        Assert.Equal("node1", snapshot.QueuesConnectedTo("node1"));
        Assert.Equal(1, snapshot.Applied["QueueReconnect:node1/node1"]);
    }

    [Fact]
    public async Task Reconnecting_to_a_server_on_a_down_node_fails_as_transient()
    {
        await T.World.FailNodeAsync("node2");

        var error = await Assert.ThrowsAsync<EnvironmentException>(
            () => T.World.EnsureQueuesReconnectedAsync("node1", "node2", T.Key(), None));

        Assert.True(error.Transient);
        var snapshot = await T.SnapshotAsync();
        Assert.Equal("node1", snapshot.QueuesConnectedTo("node1"));
        Assert.Equal(1, snapshot.Failed[EffectKind.QueueReconnect]);
    }

    [Fact]
    public async Task The_queues_of_a_dead_server_can_be_reconnected_to_a_live_one()
    {
        await T.World.FailNodeAsync("node1");

        await T.World.EnsureQueuesReconnectedAsync("node1", "node2", T.Key(), None);

        Assert.Equal("node2", (await T.SnapshotAsync()).QueuesConnectedTo("node1"));
    }

    [Fact]
    public async Task Fail_next_fails_a_queue_reconnection_once()
    {
        await T.World.FailNextAsync(EffectKind.QueueReconnect, "node1", 1);

        await Assert.ThrowsAsync<EnvironmentException>(
            () => T.World.EnsureQueuesReconnectedAsync("node1", "node2", T.Key(), None));
        await T.World.EnsureQueuesReconnectedAsync("node1", "node2", T.Key(), None);

        var snapshot = await T.SnapshotAsync();
        Assert.Equal(1, snapshot.Failed[EffectKind.QueueReconnect]);
        Assert.Equal("node2", snapshot.QueuesConnectedTo("node1"));
    }
}
