using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Commands.AcknowledgeProcedure;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;
using Orchestrator.Host.Monitoring;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Sqlite;
using Orchestrator.Workflows.Failover;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>
/// Issue 11 points 2–3: a storm's decisions are judged from the round's one observation (each node probed once, the
/// acknowledgements of every recent failover read in one query), and one move's admission observes only its hierarchy's nodes.
/// Probes and audit reads are counted by decorators at the port edge.
/// </summary>
public sealed class StormAdmissionScenarioTests
{
    [Fact]
    public async Task AStormOfDecisions_IsJudgedFromTheRoundsOneObservation_EachNodeProbedOnce_AndTheAcksOfAllRecentFailoversReadInOneQuery()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: StormScenarioTests.Cluster(3), configure: CountProbes);
        var monitor = o.Get<HealthMonitor>();
        foreach (var node in new[] { "node1", "node2", "node3" })
        {
            await o.World.FailNodeAsync(node);
        }

        await monitor.CheckOnceAsync(CancellationToken.None);
        var first = await StormScenarioTests.SettledFailoversAsync(o, 3); // exchK on node(K+3), each with a failover in the block period
        foreach (var node in new[] { "node1", "node2", "node3" })
        {
            await o.World.RestoreNodeAsync(node);
        }

        await o.Mediator.Send(new AcknowledgeProcedureCommand(first.Single(f => f.Hierarchy == "exch1").Id, "tester"));
        foreach (var node in new[] { "node4", "node5", "node6" })
        {
            await o.World.FailNodeAsync(node);
        }

        // The second storm: three decisions in one round (exch1 back to node1, acknowledged; exch2 and exch3 blocked by anti-flapping).
        var probes = o.Get<CountingProbes>();
        var audit = o.Get<CountingAuditJournal>();
        audit.Reset();
        await probes.Watch(() => monitor.CheckOnceAsync(CancellationToken.None));

        Assert.Equal(6, probes.NodeProbes.Count);
        Assert.All(probes.NodeProbes, p => Assert.True(p.Value == 1, $"{p.Key} was probed {p.Value} times in one round"));
        Assert.All(probes.MirrorProbes, p => Assert.True(p.Value == 1, $"the mirror of {p.Key} was read {p.Value} times in one round"));
        Assert.All(probes.PathProbes, p => Assert.True(p.Value == 1, $"path {p.Key} was probed {p.Value} times in one round"));
        Assert.Equal(1, audit.ProcedureReads);
        var back = Assert.Single(await o.Store.ListAsync(null, 50, CancellationToken.None), p => p.Kind == "failover" && p.IsActive);
        Assert.Equal(("exch1", "node1"), (back.Hierarchy, back.TargetNode));
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(back.Id)).State);
        foreach (var blocked in new[] { "exch2", "exch3" })
        {
            var audited = await o.Mediator.Send(new ListAuditQuery(blocked, null));
            Assert.Contains(audited, r => r.TriggerName == "FailoverBlocked");
        }
    }

    [Fact]
    public async Task AnOperatorsFailover_ObservesOnlyTheNodesTheHierarchyCanBeOn_EachOnce_NotTheWholeCluster()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: StormScenarioTests.Cluster(3), configure: CountProbes);
        await o.World.FailNodeAsync("node1");
        var probes = o.Get<CountingProbes>();

        FailoverOutcome? outcome = null;
        await probes.Watch(async () => outcome = await o.FailoverAsync("node1 down (operator)", automatic: false));

        Assert.Equal(["node1", "node4", "node5"], probes.NodeProbes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["node1", "node4", "node5"], probes.MirrorProbes.Keys.Order(StringComparer.Ordinal));
        Assert.All(probes.NodeProbes.Values.Concat(probes.MirrorProbes.Values).Concat(probes.PathProbes.Values), n => Assert.Equal(1, n));
        Assert.DoesNotContain("node3-node6", probes.PathProbes.Keys);
        var started = outcome?.Started ?? throw new Xunit.Sdk.XunitException("the failover did not start: " + outcome?.Decision);
        Assert.Equal("node4", started.TargetNode);
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(started.Id)).State);
        Assert.Equal(["node4"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
    }

    private static void CountProbes(IServiceCollection services)
    {
        services.AddSingleton(sp => new CountingProbes(
            sp.GetRequiredService<SimulatedWorld>(), sp.GetRequiredService<SimulatedWorld>(), sp.GetRequiredService<SimulatedWorld>()));
        services.AddSingleton<INodeProbe>(sp => sp.GetRequiredService<CountingProbes>());
        services.AddSingleton<IPathProbe>(sp => sp.GetRequiredService<CountingProbes>());
        services.AddSingleton<IMirrorProbe>(sp => sp.GetRequiredService<CountingProbes>());
        services.AddSingleton(sp => new CountingAuditJournal(ActivatorUtilities.CreateInstance<SqliteAuditJournal>(sp), sp.GetRequiredService<CountingProbes>()));
        services.AddSingleton<IAuditJournal>(sp => sp.GetRequiredService<CountingAuditJournal>());
    }
}
