using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Queries.ListProcedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.World;
using Orchestrator.Host.Monitoring;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>Issue 11 point 3: the failovers of one round are launched together, admitted across the round, run concurrently up to a bound.</summary>
public sealed class StormScenarioTests
{
    [Fact]
    public async Task TwoPrimariesFailingInOneRound_OnlyOneTakesTheSpare_AndTheOtherWaitsNamingIt()
    {
        var yaml = Samples.Read("n-plus-1").Replace("settings:\n", "settings:\n  failure-threshold: 1\n", StringComparison.Ordinal);
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: yaml);
        var monitor = o.Get<HealthMonitor>();
        await o.World.FailNodeAsync("node1");
        await o.World.FailNodeAsync("node2");

        await monitor.CheckOnceAsync(CancellationToken.None);

        var failovers = (await o.Store.ListAsync(null, 50, CancellationToken.None)).Where(p => p.Kind == "failover").ToList();
        var taken = Assert.Single(failovers);
        Assert.Equal("node4", taken.TargetNode);
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(taken.Id)).State);
        var other = taken.Hierarchy == "exch1" ? "exch2" : "exch1";
        Assert.Empty(await o.Mediator.Send(new ListProceduresQuery(other)));
        var waits = Assert.Single(await o.Mediator.Send(new ListAuditQuery(other, null)), r => r.TriggerName.StartsWith("Failover", StringComparison.Ordinal));
        Assert.Contains($"spare node4 already hosts {taken.Hierarchy}", waits.Reason, StringComparison.Ordinal);

        await monitor.CheckOnceAsync(CancellationToken.None); // asked again: still refused, nothing else started
        Assert.Single(await o.Store.ListAsync(null, 50, CancellationToken.None), p => p.Kind == "failover");
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(["node4"], world.InServiceNodes(taken.Hierarchy));
        Assert.Empty(world.InServiceNodes(other));
    }

    [Fact]
    public async Task ACascadingClusterWithThreeNodesFailedAtOnce_FailsEveryHierarchyOverInOneRound_Concurrently()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: Cluster(3));
        foreach (var node in new[] { "node1", "node2", "node3" })
        {
            await o.World.FailNodeAsync(node);
        }

        await o.Get<HealthMonitor>().CheckOnceAsync(CancellationToken.None);

        var failovers = await SettledFailoversAsync(o, 3);
        Assert.Equal(["node4", "node5", "node6"], failovers.OrderBy(f => f.Hierarchy, StringComparer.Ordinal).Select(f => f.TargetNode));
        Assert.True(Overlapping(failovers) > 0, "the failovers of one round ran one after the other: " + Timeline(failovers));
        await AssertAllInServiceAsync(o, 3);
    }

    [Fact]
    public async Task TheFailoversOfARound_AreLaunchedTogetherOnceEveryHierarchyIsJudged_NotAsTheScanReachesEach()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: Cluster(3));
        // exch2 (judged between exch1 and exch3) now declares volumes the world does not know: its check fails, audited as unknown.
        var renamed = Cluster(3).Replace("- name: D2\n", "- name: P2\n", StringComparison.Ordinal);
        Assert.Contains("- name: P2\n", renamed, StringComparison.Ordinal);
        await InterruptedApply.StoreWithoutSeedingAsync(o, renamed, DateTimeOffset.UtcNow.AddHours(1));
        await o.World.FailNodeAsync("node1");
        await o.World.FailNodeAsync("node3");

        await o.Get<HealthMonitor>().CheckOnceAsync(CancellationToken.None);

        var failovers = await SettledFailoversAsync(o, 2);
        Assert.Equal(["exch1", "exch3"], failovers.Select(f => f.Hierarchy).Order(StringComparer.Ordinal));
        var unknown = Assert.Single(await o.Mediator.Send(new ListAuditQuery("exch2", null)), r => r.TriggerName == HealthMonitor.HealthUnknownTrigger);
        foreach (var failover in failovers)
        {
            var first = (await o.Mediator.Send(new ListAuditQuery(null, failover.Id))).Min(r => r.Id);
            Assert.True(unknown.Id < first, $"the failover of {failover.Hierarchy} (audit #{first}) was launched before the round had judged exch2 (audit #{unknown.Id})");
        }
    }

    [Fact]
    public async Task AStorm_RunsNoMoreFailoversAtOnceThanTheConfiguredParallelism_AndStillBringsEveryHierarchyBack()
    {
        var engine = TestOrchestrator.FastRetries();
        engine.FailoverParallelism = 1;
        await using var o = await TestOrchestrator.StartAsync(engine: engine, definitionYaml: Cluster(3));
        var monitor = o.Get<HealthMonitor>();
        foreach (var node in new[] { "node1", "node2", "node3" })
        {
            await o.World.FailNodeAsync(node);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await o.Store.ListAsync(null, 50, CancellationToken.None)).Count(p => p.Kind == "failover" && !p.IsActive) < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, "the storm did not end");
            await monitor.CheckOnceAsync(CancellationToken.None);
            await Task.Delay(20);
        }

        var failovers = await SettledFailoversAsync(o, 3);
        Assert.True(Overlapping(failovers) == 0, "more than one failover ran at once: " + Timeline(failovers));
        await AssertAllInServiceAsync(o, 3);
    }

    [Fact]
    public async Task AStormLargerThanTheParallelism_IsLaunchedInOneRound_EachFailoverAsSoonAsASlotFrees()
    {
        var engine = TestOrchestrator.FastRetries();
        engine.FailoverParallelism = 1;
        await using var o = await TestOrchestrator.StartAsync(engine: engine, definitionYaml: Cluster(3));
        foreach (var node in new[] { "node1", "node2", "node3" })
        {
            await o.World.FailNodeAsync(node);
        }

        await o.Get<HealthMonitor>().CheckOnceAsync(CancellationToken.None); // one round, not one per slot

        var failovers = await SettledFailoversAsync(o, 3);
        Assert.True(Overlapping(failovers) == 0, "more than one failover ran at once: " + Timeline(failovers));
        await AssertAllInServiceAsync(o, 3);
    }

    [Fact]
    public async Task WhenNoRunningFailoverEndsWithinOneInterval_TheRoundStopsWaitingForASlot_AndTheRestIsAskedAgainNextRound()
    {
        var engine = TestOrchestrator.FastRetries();
        engine.FailoverParallelism = 1;
        var yaml = Cluster(2).Replace("settings:\n", "settings:\n  monitor-interval: 1\n", StringComparison.Ordinal);
        await using var o = await TestOrchestrator.StartAsync(engine: engine, definitionYaml: yaml);
        await o.World.SetLatencyAsync(EffectKind.VolumeMount, TimeSpan.FromSeconds(2)); // the first failover runs > 4 s
        await o.World.FailNodeAsync("node1");
        await o.World.FailNodeAsync("node2");
        var monitor = o.Get<HealthMonitor>();

        await monitor.CheckOnceAsync(CancellationToken.None);

        var first = Assert.Single(await o.Store.ListAsync(null, 50, CancellationToken.None), p => p.Kind == "failover");
        Assert.True(first.IsActive, "the round waited until the running failover ended");
        await o.World.SetLatencyAsync(EffectKind.VolumeMount, TimeSpan.Zero);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await o.Store.ListAsync(null, 50, CancellationToken.None)).Count(p => p.Kind == "failover") < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the other failover was not asked again");
            await monitor.CheckOnceAsync(CancellationToken.None);
        }

        await SettledFailoversAsync(o, 2);
        await AssertAllInServiceAsync(o, 2);
    }

    [Fact]
    public async Task FailoversHeldForApproval_TakeNoSlot_SoEveryFailoverOfTheStormIsRecordedInOneRound()
    {
        var engine = TestOrchestrator.FastRetries();
        engine.FailoverParallelism = 1;
        var yaml = Cluster(3).Replace("settings:\n", "settings:\n  automatic-failover: false\n", StringComparison.Ordinal);
        await using var o = await TestOrchestrator.StartAsync(engine: engine, definitionYaml: yaml);
        foreach (var node in new[] { "node1", "node2", "node3" })
        {
            await o.World.FailNodeAsync(node);
        }

        await o.Get<HealthMonitor>().CheckOnceAsync(CancellationToken.None);

        var held = (await o.Store.ListAsync(null, 50, CancellationToken.None)).Where(p => p.Kind == "failover").ToList();
        Assert.Equal(["exch1", "exch2", "exch3"], held.Select(p => p.Hierarchy).Order(StringComparer.Ordinal));
        Assert.All(held, p => Assert.Equal(ProcedureStates.WaitingForOperator, p.State));
    }

    internal static async Task<List<ProcedureRecord>> SettledFailoversAsync(TestOrchestrator o, int count)
    {
        var failovers = (await o.Store.ListAsync(null, 50, CancellationToken.None)).Where(p => p.Kind == "failover").ToList();
        Assert.Equal(count, failovers.Count);
        foreach (var failover in failovers)
        {
            Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(failover.Id)).State);
        }

        return (await o.Store.ListAsync(null, 50, CancellationToken.None)).Where(p => p.Kind == "failover").ToList();
    }

    /// <summary>How many pairs of procedures ran at the same time (from their recorded start and end).</summary>
    private static int Overlapping(IReadOnlyList<ProcedureRecord> procedures) =>
        procedures.SelectMany((a, i) => procedures.Skip(i + 1), (a, b) => a.CreatedAt < b.CompletedAt && b.CreatedAt < a.CompletedAt).Count(x => x);

    private static string Timeline(IEnumerable<ProcedureRecord> procedures) =>
        string.Join("; ", procedures.Select(p => $"#{p.Id} {p.Hierarchy} {p.CreatedAt:HH:mm:ss.fff}–{p.CompletedAt:HH:mm:ss.fff}"));

    private static async Task AssertAllInServiceAsync(TestOrchestrator o, int hierarchies)
    {
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        for (var h = 1; h <= hierarchies; h++)
        {
            Assert.Equal([$"node{h + hierarchies}"], world.InServiceNodes($"exch{h}"));
        }
    }

    /// <summary>A cascading cluster: hierarchy exchK on nodeK, backed by node(K+n) and then the next backup.</summary>
    internal static string Cluster(int n)
    {
        var yaml = new StringBuilder("cluster: storm\nsettings:\n  failure-threshold: 1\n  update-replica-list: false\n  switchback: intelligent\nnodes:\n");
        for (var i = 1; i <= 2 * n; i++)
        {
            yaml.Append($"  - name: node{i}\n    address: 10.0.0.{10 + i}\n");
        }

        var paths = new HashSet<string>(StringComparer.Ordinal);
        var hierarchies = new StringBuilder("hierarchies:\n");
        for (var k = 1; k <= n; k++)
        {
            var (primary, backup, last) = (k, k + n, (k % n) + 1 + n);
            foreach (var (a, b) in new[] { (primary, backup), (primary, last), (Math.Min(backup, last), Math.Max(backup, last)) })
            {
                paths.Add($"  - between: [node{a}, node{b}]\n");
            }

            hierarchies.Append($"  - name: exch{k}\n    application:\n      name: EXCH{k}\n      services:\n        - name: RESvc\n        - name: MSExchangeSA\n        - name: MSExchangeIS\n");
            hierarchies.Append($"    volumes:\n      - name: D{k}\n        role: database\n      - name: L{k}\n        role: logs\n");
            hierarchies.Append($"    ip: 10.0.0.{100 + k}\n    priorities:\n      node{primary}: 1\n      node{backup}: 10\n      node{last}: 20\n");
        }

        return yaml.Append("paths:\n").Append(string.Concat(paths)).Append(hierarchies).ToString();
    }
}
