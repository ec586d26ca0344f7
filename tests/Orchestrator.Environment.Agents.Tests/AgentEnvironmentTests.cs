using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Agents.Tests.Support;
using Orchestrator.Environment.Ports;
using Orchestrator.Node;
using Orchestrator.Node.Agent;

namespace Orchestrator.Environment.Agents.Tests;

public sealed class AgentEnvironmentTests : IAsyncLifetime
{
    private const string Address = "198.18.7.100";
    private readonly AgentOptions _options = new() { HealthTimeout = TimeSpan.FromMilliseconds(300), ActionTimeout = TimeSpan.FromSeconds(2), MonitorTimeout = TimeSpan.FromSeconds(1), FenceTimeout = TimeSpan.FromMilliseconds(500) };
    private FakeCluster _cluster = null!;
    private AgentClient _client = null!;
    private AgentEnvironment _agents = null!;

    public async Task InitializeAsync()
    {
        _cluster = await FakeCluster.StartAsync();
        _client = new AgentClient(_options);
        _agents = new AgentEnvironment(_cluster, _client, _options);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task AStart_CarriesTheEffectKeyTheFencingTokenAndTheBearerToken_ToTheNodesFirstUrl()
    {
        await _agents.EnsureOwnedAsync("node2", Address, new EffectKey(7, 3, 1, FencingToken: 42), CancellationToken.None);

        var received = Assert.Single(_cluster.Node2.Effects);
        Assert.Equal(("7:3:1", 42L, ResourceVerb.Start), (received.Request.EffectKey, received.Request.FencingToken, received.Request.Verb));
        Assert.Equal(("ip", Address, "lab0", $"{Address}/24"), (received.Request.Resource.Kind, received.Request.Resource.Name, received.Request.Resource.Parameters["interface"], received.Request.Resource.Parameters["address"]));
        Assert.Equal($"Bearer {FakeCluster.Token}", received.Authorization);
        Assert.Equal(new Uri(_cluster.Node2.Urls[0]).Authority, received.Host);
        Assert.True(_cluster.Node2.IsRunning("ip", Address));
        Assert.Empty(_cluster.Node1.Actions);
    }

    [Fact]
    public async Task AReplayedAnswer_IsSuccess()
    {
        var key = new EffectKey(7, 3, 1, FencingToken: 42);
        await _agents.EnsureMountedAsync("node1", "mail", key, CancellationToken.None);

        await _agents.EnsureMountedAsync("node1", "mail", key, CancellationToken.None); // the step ran again: at least once

        Assert.Equal(2, _cluster.Node1.Effects.Count);
        Assert.Equal(1, _cluster.Node1.Replays);
    }

    [Fact]
    public async Task AStaleAnswer_RefusesTheEffectAsFenced()
    {
        _cluster.Node1.Accept("service", "postfix", 9); // a newer claim of the step acted already

        var refused = await Assert.ThrowsAsync<StaleClaimException>(() =>
            _agents.EnsureStartedAsync("node1", "postfix", new EffectKey(7, 5, 1, FencingToken: 5), CancellationToken.None));

        Assert.False(refused.Transient);
        Assert.Contains("fencing token 5 is stale", refused.Message, StringComparison.Ordinal);
        Assert.False(_cluster.Node1.IsRunning("service", "postfix"));
    }

    [Theory]
    [InlineData(OcfExit.GenericError, true)]
    [InlineData(OcfExit.NotConfigured, false)]
    [InlineData(OcfExit.NotInstalled, false)]
    [InlineData(OcfExit.InvalidArgument, false)]
    public async Task AFailedAnswer_IsTransient_UnlessTheOcfCodeSaysTheResourceIsMisconfigured(OcfExit exit, bool transient)
    {
        _cluster.Node1.Fail("volume", "mail", exit);

        var failed = await Assert.ThrowsAsync<EnvironmentException>(() =>
            _agents.EnsureMountedAsync("node1", "mail", new EffectKey(7, 2, 1, 3), CancellationToken.None));

        Assert.IsNotType<StaleClaimException>(failed);
        Assert.Equal(transient, failed.Transient);
        Assert.Contains($"OCF {(int)exit}", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnActionThatGetsNoAnswerOnTheFirstPath_IsSentOnTheNext()
    {
        _cluster.Node1.Silence(_cluster.Node1.Urls[0]);
        var slow = new AgentOptions { HealthTimeout = _options.HealthTimeout, ActionTimeout = TimeSpan.FromSeconds(1), AnswerMargin = TimeSpan.Zero };
        using var client = new AgentClient(slow);
        var agents = new AgentEnvironment(_cluster, client, slow);

        await agents.EnsureStoppedAsync("node1", "postfix", new EffectKey(7, 9, 1, 3), CancellationToken.None);

        var received = Assert.Single(_cluster.Node1.Effects);
        Assert.Equal(new Uri(_cluster.Node1.Urls[1]).Authority, received.Host);
    }

    [Fact]
    public async Task ADeadAgent_LeavesItsResourcesUnknown_NotStopped_AndItsEffectsFailTransiently()
    {
        _cluster.Node1.SetRunning("service", "postfix", true);
        await _cluster.Node1.DisposeAsync();
        var query = new NodeResourceQuery("node1", ["postfix"], ["mail"], [Address], []);

        var read = Assert.Single(await ((INodeResourceProbe)_agents).ReadAllResourcesAsync([query], 2, CancellationToken.None));
        var effect = await Assert.ThrowsAsync<EnvironmentException>(() => _agents.EnsureReleasedAsync("node1", Address, new EffectKey(8, 1, 1, 4), CancellationToken.None));

        Assert.Null(read.Resources);
        Assert.NotNull(read.Error);
        Assert.True(effect.Transient);
        Assert.Contains("did not answer", effect.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANodeIsUp_WhileOnePathAnswers_AndDown_WhenEveryPathFailsTheHealthCheck()
    {
        _cluster.Node2.Silence(_cluster.Node2.Urls[0]);
        var onePath = await ((INodeProbe)_agents).ProbeNodesAsync(["node1", "node2"], 2, CancellationToken.None);
        var paths = await ((IPathProbe)_agents).ProbePathsAsync([("node1", "node2")], 2, CancellationToken.None);

        _cluster.Node2.Silence(_cluster.Node2.Urls[1]);
        var noPath = await ((INodeProbe)_agents).ProbeNodesAsync(["node1", "node2"], 2, CancellationToken.None);

        Assert.Equal([new NodeProbeAnswer("node1", true), new NodeProbeAnswer("node2", true)], onePath);
        Assert.Equal(true, Assert.Single(paths).Up); // the second path still carries traffic
        Assert.Equal([new NodeProbeAnswer("node1", true), new NodeProbeAnswer("node2", false)], noPath);
        Assert.False(await _agents.IsPathUpAsync("node1", "node2", CancellationToken.None));
    }

    [Fact]
    public async Task TheResourcesOfANode_AreReadWithItsAgentsMonitor()
    {
        _cluster.Node1.SetRunning("service", "postfix", true);
        _cluster.Node1.SetRunning("volume", "mail", true);
        _cluster.Node1.Fail("ip", Address, OcfExit.GenericError);

        var read = await _agents.ReadResourcesAsync(new NodeResourceQuery("node1", ["postfix"], ["mail"], [Address], []), CancellationToken.None);

        Assert.Equal(ServiceState.Running, read.StateOf("postfix"));
        Assert.True(read.IsMounted("mail"));
        Assert.False(read.Owns(Address));
        Assert.All(_cluster.Node1.Actions, a => Assert.Equal((ResourceVerb.Monitor, (string?)null, 0L), (a.Request.Verb, a.Request.EffectKey, a.Request.FencingToken)));
        Assert.Equal("node1", await _agents.GetMountedNodeAsync("mail", CancellationToken.None));
    }

    [Fact]
    public async Task AnAddress_IsInService_OnlyWhenItsOwnerHoldsIt_AndItAnswersAProbeFromAnotherNode()
    {
        _cluster.Node1.SetRunning("ip", Address, true);
        var query = new NodeResourceQuery("node1", [], [], [Address], []);

        var answering = await _agents.ReadResourcesAsync(query, CancellationToken.None);
        _cluster.Node2.SetRunning("reach", Address, false); // held by node1 (ip addr lists it), yet clients cannot reach it
        var notAnswering = await _agents.ReadResourcesAsync(query, CancellationToken.None);

        Assert.True(answering.Owns(Address));
        Assert.False(notAnswering.Owns(Address));
        var probes = _cluster.Node2.Actions;
        Assert.Equal(2, probes.Count);
        Assert.All(probes, p => Assert.Equal(("reach", Address, ResourceVerb.Monitor, (string?)null, 0L), (p.Request.Resource.Kind, p.Request.Resource.Parameters!["address"], p.Request.Verb, p.Request.EffectKey, p.Request.FencingToken)));
        Assert.Equal(2, _cluster.Node1.Actions.Count(a => a.Request.Resource.Kind == "ip"));
        Assert.DoesNotContain(_cluster.Node1.Actions, a => a.Request.Resource.Kind == "reach"); // never probed by its owner
    }

    [Fact]
    public async Task AnAddressNoOtherNodeCanProbe_IsUnknown_NotDown()
    {
        _cluster.Node1.SetRunning("ip", Address, true);
        await _cluster.Node2.DisposeAsync();

        var read = await _agents.ReadResourcesAsync(new NodeResourceQuery("node1", [], [], [Address], []), CancellationToken.None);

        var unknown = Assert.Throws<EnvironmentException>(() => read.Owns(Address));
        Assert.Contains("held by node1 per its agent, but no other node could probe it (node2: the agent of node node2 did not answer", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAddressItsOwnerDoesNotHold_IsNotProbedFromElsewhere()
    {
        var read = await _agents.ReadResourcesAsync(new NodeResourceQuery("node1", [], [], [Address], []), CancellationToken.None);

        Assert.False(read.Owns(Address));
        Assert.Empty(_cluster.Node2.Actions);
    }
}
