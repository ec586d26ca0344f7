using Orchestrator.Environment.Agents.Tests.Support;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.Agents.Tests;

/// <summary>
/// A failover on real nodes: the dead node's lock on a lock-file volume is still there, so the survivor's start asks the
/// volume kind to take it over (<c>force=true</c>) — but only while a peer of the volume's hierarchy is fenced and down
/// (<see cref="Domain.Rules.VolumeTakeoverRule"/>); an ordinary start (a switchover) never forces, nor does a stop.
/// </summary>
public sealed class AgentVolumeTakeoverTests
{
    private readonly AgentOptions _options = new() { HealthTimeout = TimeSpan.FromMilliseconds(300), ActionTimeout = TimeSpan.FromSeconds(2), FenceTimeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task AVolumeStart_ForcesTheTakeover_OnlyWhileAPeerOfItsHierarchyIsFencedAndDown()
    {
        await using var cluster = await FakeCluster.StartAsync();
        using var client = new AgentClient(_options);
        var agents = new AgentEnvironment(cluster, client, _options);

        await agents.EnsureMountedAsync("node2", "mail", new EffectKey(1, 2, 1, FencingToken: 3), CancellationToken.None);
        await cluster.Node1.DisposeAsync(); // node1 dies: the fence device acts on it
        await agents.EnsureFencedAsync("node1", new EffectKey(2, 1, 1, FencingToken: 4), CancellationToken.None);
        await agents.EnsureMountedAsync("node2", "mail", new EffectKey(2, 2, 1, FencingToken: 5), CancellationToken.None);
        await agents.EnsureUnmountedAsync("node2", "mail", new EffectKey(2, 3, 1, FencingToken: 6), CancellationToken.None);

        var effects = cluster.Node2.Effects.Select(e => e.Request).ToList();
        Assert.Equal(3, effects.Count);
        Assert.False(effects[0].Resource.Parameters.ContainsKey("force"), "a start before any fencing is an ordinary one");
        Assert.Equal("true", effects[1].Resource.Parameters["force"]);
        Assert.False(effects[2].Resource.Parameters.ContainsKey("force"), "a stop never forces");
    }
}
