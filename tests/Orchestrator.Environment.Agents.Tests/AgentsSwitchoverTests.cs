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

    [Fact]
    public async Task AStaleAnswer_RefusesTheStepAsFenced_AndNothingIsCommittedForIt()
    {
        await using var cluster = await FakeCluster.StartAsync();
        RunningOn(cluster.Node1);
        cluster.Node2.Accept("ip", Address, 1_000_000); // a newer claim's effect reached node2's agent first
        await using var orchestrator = await AgentsOrchestrator.StartAsync(cluster.Yaml, Fast);

        var started = await orchestrator.Mediator.Send(new StartSwitchoverCommand("exch1", "node2", "tester", null));
        var fenced = await FencedAsync(orchestrator, started.Id);

        Assert.Contains("refused by the agent", fenced.Reason, StringComparison.Ordinal);
        Assert.Contains("start ip 198.18.7.100 on node2", fenced.Reason, StringComparison.Ordinal);
        Assert.False(cluster.Node2.IsRunning("ip", Address));
        Assert.DoesNotContain(cluster.Node2.Effects, e => e.Request.Resource.Kind == "service"); // the steps after it did not run
        var view = await orchestrator.Mediator.Send(new Orchestrator.Engine.Queries.GetProcedure.GetProcedureQuery(started.Id));
        Assert.True(view.IsActive);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ANodeWhoseEveryPathFailsTheHealthCheck_IsDownAfterTheThreshold_FencedByItsScript_AndFailedOver()
    {
        var fenced = Path.Combine(Path.GetTempPath(), $"orch-fenced-{Guid.NewGuid():N}");
        var fence = fenced + ".sh";
        await File.WriteAllTextAsync(fence, $"#!/bin/sh\necho \"$1\" >> {fenced}\n");
        File.SetUnixFileMode(fence, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await using var cluster = await FakeCluster.StartAsync(fence1: fence);
        RunningOn(cluster.Node1);
        var yaml = cluster.Yaml.Replace("automatic-failover: false", "automatic-failover: true", StringComparison.Ordinal)
            .Replace("monitor-interval: 1", "monitor-interval: 3600", StringComparison.Ordinal); // the rounds are driven here
        await using var orchestrator = await AgentsOrchestrator.StartAsync(yaml, Fast);
        var monitor = orchestrator.Get<Orchestrator.Host.Monitoring.HealthMonitor>();
        await monitor.CheckOnceAsync(CancellationToken.None);
        Assert.Empty(await ProceduresAsync(orchestrator));

        await cluster.Node1.DisposeAsync(); // every path of node1 stops answering
        await monitor.CheckOnceAsync(CancellationToken.None);
        Assert.Empty(await ProceduresAsync(orchestrator)); // below the threshold of 2
        await monitor.CheckOnceAsync(CancellationToken.None);

        var failover = Assert.Single(await ProceduresAsync(orchestrator));
        Assert.Equal(("failover", "monitor"), (failover.Kind, failover.RequestedBy));
        Assert.Contains("node1 unreachable on 2/2 paths", failover.Reason, StringComparison.Ordinal);
        var done = await orchestrator.SettledAsync(failover.Id);
        Assert.False(done.IsActive, $"{done.State}: {done.LastError}");
        Assert.Equal(["start volume mail", "start ip 198.18.7.100", "start dns A mail.lab.test", "start service postfix"], cluster.Node2.Effects.Select(Describe));
        Assert.Equal("node1\n", await File.ReadAllTextAsync(fenced)); // its fence script ran once
        File.Delete(fence);
        File.Delete(fenced);
    }

    private static async Task<IReadOnlyList<Orchestrator.Engine.Views.ProcedureView>> ProceduresAsync(AgentsOrchestrator orchestrator) =>
        await orchestrator.Mediator.Send(new Orchestrator.Engine.Queries.ListProcedures.ListProceduresQuery("exch1"));

    private static async Task<Orchestrator.Storage.Audit.AuditEntry> FencedAsync(AgentsOrchestrator orchestrator, long procedure)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var entries = await orchestrator.Get<Orchestrator.Storage.Audit.IAuditJournal>().ListByProceduresAsync([procedure], "Fenced", CancellationToken.None);
            if (entries.Count > 0)
                return entries[0];
            Assert.True(DateTime.UtcNow < deadline, "no Fenced audit entry");
            await Task.Delay(20);
        }
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
