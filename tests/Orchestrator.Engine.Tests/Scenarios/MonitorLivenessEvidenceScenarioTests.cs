using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Queries.ListProcedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.Ports;
using Orchestrator.Host.Monitoring;
using Orchestrator.Storage.Audit;
using Orchestrator.Workflows;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>
/// Issue 10 point 1 (S1, S18): a path whose other end is down is no evidence against a node; with no evidence from a
/// live peer the orchestrator's own probe decides; a probe that cannot answer is "unknown", never a reason to act.
/// </summary>
public sealed class MonitorLivenessEvidenceScenarioTests
{
    private static readonly string[] FalseAlarmTriggers = ["FailoverBlocked", "FailoverRefused", "FailoverWait"];

    private static async Task CheckAsync(HealthMonitor monitor, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await monitor.CheckOnceAsync(CancellationToken.None);
        }
    }

    private static Task<IReadOnlyList<AuditEntry>> AuditAsync(TestOrchestrator o, string hierarchy = "exch1") =>
        o.Mediator.Send(new ListAuditQuery(hierarchy, null)).AsTask();

    private static void AssertNoFalseAlarm(IReadOnlyList<AuditEntry> audit, string node)
    {
        Assert.DoesNotContain(audit, r => FalseAlarmTriggers.Contains(r.TriggerName));
        Assert.DoesNotContain(audit, r => r.Reason.Contains($"{node} unreachable", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, r => r.Reason.Contains("procedures ack", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AfterAFailover_TheSurvivingNode_IsNeverDeclaredUnreachable_AndAServiceStoppedOnItIsRecoveredLocally()
    {
        await using var o = await TestOrchestrator.StartAsync();
        var monitor = o.Get<HealthMonitor>();
        var switchover = await o.SwitchoverAsync("node2");
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(switchover.Id)).State);

        await o.World.FailNodeAsync("node2");
        await CheckAsync(monitor, 3);
        var failover = (await o.Mediator.Send(new ListProceduresQuery("exch1")))[0];
        Assert.Equal(("failover", "node2"), (failover.Kind, failover.SourceNode));
        Assert.Contains("node2 unreachable on 1/1 paths from live peers", failover.Reason, StringComparison.Ordinal);
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(failover.Id)).State);

        await CheckAsync(monitor, 12); // node2 stays down: its path to node1 is no evidence against node1
        Assert.Equal(2, (await o.Mediator.Send(new ListProceduresQuery("exch1"))).Count);
        AssertNoFalseAlarm(await AuditAsync(o), "node1");
        Assert.Equal(["node1"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));

        await o.World.EnsureStoppedAsync("node1", "SMTPSVC", new EffectKey(99, 1, 1), CancellationToken.None);
        await CheckAsync(monitor, 3);
        Assert.Equal(ServiceState.Running, (await o.World.SnapshotAsync(CancellationToken.None)).ServiceStateOn("node1", "SMTPSVC"));
        Assert.Contains(await AuditAsync(o), r => r.TriggerName == "LocalRecovery" && r.Reason.Contains("SMTPSVC", StringComparison.Ordinal));
        Assert.Equal(2, (await o.Mediator.Send(new ListProceduresQuery("exch1"))).Count);
    }

    [Fact]
    public async Task ABackupThatDies_IsNoEvidenceAgainstTheNodeInService()
    {
        await using var o = await TestOrchestrator.StartAsync();
        await o.World.FailNodeAsync("node2");
        await CheckAsync(o.Get<HealthMonitor>(), 8);

        Assert.Empty(await o.Mediator.Send(new ListProceduresQuery("exch1")));
        AssertNoFalseAlarm(await AuditAsync(o), "node1");
        Assert.Equal(["node1"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
    }

    [Fact]
    public async Task NPlusOne_WhenTheSpareDies_APrimaryWhoseOnlyPathLeadsToTheSpare_IsNotDeclaredFailed()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: Samples.Read("n-plus-1"));
        await o.World.FailNodeAsync("node4");
        await CheckAsync(o.Get<HealthMonitor>(), 8);

        var world = await o.World.SnapshotAsync(CancellationToken.None);
        foreach (var (hierarchy, primary) in new[] { ("exch1", "node1"), ("exch2", "node2"), ("exch3", "node3") })
        {
            Assert.Empty(await o.Mediator.Send(new ListProceduresQuery(hierarchy)));
            AssertNoFalseAlarm(await AuditAsync(o, hierarchy), primary);
            Assert.Equal([primary], world.InServiceNodes(hierarchy));
        }

        // And a primary that really dies is still failed over — onto nothing here, so the refusal says why.
        await o.World.FailNodeAsync("node1");
        await CheckAsync(o.Get<HealthMonitor>(), 3);
        Assert.Contains(await AuditAsync(o), r => r.TriggerName == "FailoverRefused"
            && r.Reason.Contains("node1 did not answer the orchestrator's probe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AProbeThatCannotAnswer_IsUnknown_AuditedOncePerEpisode_NeverAFailover_AndTheResourcesAreStillChecked()
    {
        await using var o = await TestOrchestrator.StartAsync();
        var probe = new SilencedNodeProbe(o.World);
        var monitor = ActivatorUtilities.CreateInstance<HealthMonitor>(o.Get<IServiceProvider>(), (INodeProbe)probe);
        await o.World.FailNodeAsync("node2"); // no live peer can vouch for node1: only the probe can
        probe.Silence("node1");

        await CheckAsync(monitor, 6);
        Assert.Empty(await o.Mediator.Send(new ListProceduresQuery("exch1")));
        var unknown = Assert.Single(await AuditAsync(o), r => r.TriggerName == "LivenessUnknown");
        Assert.Contains("node1", unknown.Reason, StringComparison.Ordinal);
        Assert.Contains("probe timed out", unknown.Reason, StringComparison.Ordinal);
        AssertNoFalseAlarm(await AuditAsync(o), "node1");

        await o.World.EnsureStoppedAsync("node1", "W3SVC", new EffectKey(99, 1, 1), CancellationToken.None);
        await CheckAsync(monitor, 3);
        Assert.Equal(ServiceState.Running, (await o.World.SnapshotAsync(CancellationToken.None)).ServiceStateOn("node1", "W3SVC"));
        Assert.Contains(await AuditAsync(o), r => r.TriggerName == "LocalRecovery" && r.Reason.Contains("W3SVC", StringComparison.Ordinal));

        probe.Restore("node1");
        await CheckAsync(monitor, 2);
        probe.Silence("node1");
        await CheckAsync(monitor, 2);
        Assert.Equal(2, (await AuditAsync(o)).Count(r => r.TriggerName == "LivenessUnknown")); // a new episode is told again
        Assert.Empty(await o.Mediator.Send(new ListProceduresQuery("exch1")));
    }

    /// <summary>The orchestrator's probe of a node, at the edge of the world, made unable to answer for chosen nodes.</summary>
    private sealed class SilencedNodeProbe(INodeProbe inner) : INodeProbe
    {
        private readonly HashSet<string> _silenced = new(StringComparer.OrdinalIgnoreCase);

        public void Silence(string node) => _silenced.Add(node);

        public void Restore(string node) => _silenced.Remove(node);

        public Task<bool> IsUpAsync(string node, CancellationToken cancellationToken) =>
            _silenced.Contains(node)
                ? throw new EnvironmentException($"probe timed out asking {node}")
                : inner.IsUpAsync(node, cancellationToken);
    }
}
