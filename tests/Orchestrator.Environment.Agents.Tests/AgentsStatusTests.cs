using System.Text.Json;
using Orchestrator.Cli.Output;
using Orchestrator.Engine.Queries.GetStatus;
using Orchestrator.Environment.Agents.Tests.Support;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Agents.Tests;

/// <summary>
/// Issue 14 point 3: in environment: agents, status (and the dashboard, which reads the same view) shows what the agents
/// answer — per node its agent on each path, per hierarchy where each resource runs — and unknown where one does not
/// answer; the simulated world holds no stand-in for the real resources.
/// </summary>
public sealed class AgentsStatusTests
{
    private const string Address = "198.18.7.100";
    private static readonly AgentOptions Fast = new() { HealthTimeout = TimeSpan.FromMilliseconds(300), ActionTimeout = TimeSpan.FromSeconds(2), MonitorTimeout = TimeSpan.FromSeconds(1), AnswerMargin = TimeSpan.FromMilliseconds(300) };

    [Fact]
    public async Task Status_ShowsWhereTheAgentsSayTheHierarchyRuns_NotWhereTheDefinitionPutItFirst()
    {
        await using var cluster = await FakeCluster.StartAsync();
        RunningOn(cluster.Node2); // the file's first priority is node1: a seeded world would claim node1
        await using var orchestrator = await AgentsOrchestrator.StartAsync(cluster.Yaml, Fast);

        var status = await orchestrator.Mediator.Send(new GetStatusQuery());

        var exch1 = Assert.Single(status.Hierarchies);
        Assert.Equal(["node2"], exch1.InServiceOn);
        Assert.Null(exch1.InServiceUnknown);
        Assert.Equal(
            ["volume mail: on node2", $"address {Address}: on node2", "DNS A mail.lab.test: on node2", "service postfix: on node2"],
            exch1.Resources);
        Assert.All(exch1.Nodes, n => Assert.True(n.Up && n.Unknown is null));
        Assert.All(exch1.Nodes, n => Assert.Equal(["yes", "yes"], n.AgentPaths!.Values));
        var json = JsonSerializer.Serialize(status, JsonOutput.Options);
        Assert.Contains("\"agentPaths\"", json, StringComparison.Ordinal);
        Assert.Contains("\"resources\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANodeWhoseAgentDoesNotAnswer_LeavesWhatRunsThereUnknown_AndAPathThatDoesNotAnswerIsNo()
    {
        await using var cluster = await FakeCluster.StartAsync();
        RunningOn(cluster.Node1);
        await using var orchestrator = await AgentsOrchestrator.StartAsync(cluster.Yaml, Fast);
        cluster.Node1.Silence(cluster.Node1.Urls[1]);
        await cluster.Node2.DisposeAsync();

        var exch1 = Assert.Single((await orchestrator.Mediator.Send(new GetStatusQuery())).Hierarchies);

        Assert.Equal(["node1"], exch1.InServiceOn);
        Assert.Contains("node2: the agent of node node2 answers on no path", exch1.InServiceUnknown, StringComparison.Ordinal);
        Assert.Equal(["yes", "no"], exch1.Nodes.Single(n => n.Name == "node1").AgentPaths!.Values);
        Assert.Equal(["no", "no"], exch1.Nodes.Single(n => n.Name == "node2").AgentPaths!.Values);
        Assert.StartsWith("volume mail: on node1; unknown on node2 (", exch1.Resources![0], StringComparison.Ordinal);
        // node1 holds the address, and no other node can probe it: unknown, not "nowhere"
        Assert.StartsWith($"address {Address}: nowhere; unknown on node1 (address {Address} held by node1 per its agent, but no other node could probe it", exch1.Resources[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusterApply_InAgentsMode_SeedsNoSimulatedStandInForTheRealResources()
    {
        await using var cluster = await FakeCluster.StartAsync();
        await using var orchestrator = await AgentsOrchestrator.StartAsync(cluster.Yaml, Fast);
        var world = orchestrator.Get<SimulatedWorld>();

        await Assert.ThrowsAsync<UnknownWorldObjectException>(() => world.GetMountedNodeAsync("mail", CancellationToken.None));
        await Assert.ThrowsAsync<UnknownWorldObjectException>(() => world.GetOwnerAsync(Address, CancellationToken.None));
        await Assert.ThrowsAsync<UnknownWorldObjectException>(() => world.GetRecordTargetAsync("A", "mail.lab.test", CancellationToken.None));
        await Assert.ThrowsAsync<UnknownWorldObjectException>(() => world.GetStateAsync("node1", "postfix", CancellationToken.None));
        Assert.True(await world.IsUpAsync("node1", CancellationToken.None)); // the nodes stay, for the Exchange directory work
    }

    private static void RunningOn(FakeAgent agent)
    {
        agent.SetRunning("service", "postfix", true);
        agent.SetRunning("volume", "mail", true);
        agent.SetRunning("ip", Address, true);
        agent.SetRunning("dns", "A mail.lab.test", true);
    }
}
