using Orchestrator.Environment.Agents.Tests.Support;
using Orchestrator.Node;
using Orchestrator.Workflows.Switchover;

namespace Orchestrator.Environment.Agents.Tests;

public sealed class AgentsSwitchoverTests
{
    private const string Address = "198.18.7.100";
    private static readonly AgentOptions Fast = new() { HealthTimeout = TimeSpan.FromMilliseconds(300), ActionTimeout = TimeSpan.FromSeconds(2), AnswerMargin = TimeSpan.FromSeconds(1) };

    [Fact]
    public async Task ASwitchover_DrivesTheStopsOnTheSourceThenTheStartsOnTheTarget_ThroughTheirAgents_WithEffectKeysAndTokens()
    {
        await using var cluster = await FakeCluster.StartAsync();
        RunningOn(cluster.Node1);
        await using var orchestrator = await AgentsOrchestrator.StartAsync(cluster.Yaml, Fast);

        var started = await orchestrator.Mediator.Send(new StartSwitchoverCommand("exch1", "node2", "tester", null));
        var view = await orchestrator.SettledAsync(started.Id);

        Assert.False(view.IsActive, $"{view.State}: {view.LastError}");
        Assert.Equal(
            ["stop service postfix", "stop ip 198.18.7.100", "stop volume mail"],
            cluster.Node1.Effects.Select(Describe));
        Assert.Equal(
            ["start volume mail", "start ip 198.18.7.100", "start dns A mail.lab.test", "start service postfix"],
            cluster.Node2.Effects.Select(Describe));
        Assert.All(cluster.Node1.Effects.Concat(cluster.Node2.Effects), e =>
        {
            Assert.StartsWith($"{started.Id}:", e.Request.EffectKey, StringComparison.Ordinal);
            Assert.True(e.Request.FencingToken > 0, $"{Describe(e)} carries no fencing token");
        });
        Assert.Equal(cluster.Node1.Effects.Count + cluster.Node2.Effects.Count, cluster.Node1.Effects.Concat(cluster.Node2.Effects).Select(e => e.Request.EffectKey).Distinct().Count());
        Assert.True(cluster.Node2.IsRunning("service", "postfix") && cluster.Node2.IsRunning("ip", Address) && !cluster.Node1.IsRunning("ip", Address));
    }

    private static void RunningOn(FakeAgent agent)
    {
        agent.SetRunning("service", "postfix", true);
        agent.SetRunning("volume", "mail", true);
        agent.SetRunning("ip", Address, true);
        agent.SetRunning("dns", "A mail.lab.test", true);
    }

    private static string Describe(FakeAgent.Received r) =>
        $"{r.Request.Verb.ToString().ToLowerInvariant()} {r.Request.Resource.Kind} {r.Request.Resource.Name}";
}
