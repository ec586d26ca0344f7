using Orchestrator.Engine.Commands.AcknowledgeProcedure;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Queries.ListProcedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.World;
using Orchestrator.Host.Monitoring;
using Orchestrator.Workflows;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>The monitor's checks driven one at a time (serve runs the same checks on its interval).</summary>
public sealed class MonitoringScenarioTests
{
    private static string TwoNode(string extraSettings = "") =>
        Samples.Read("two-node").Replace("settings:\n", "settings:\n" + extraSettings, StringComparison.Ordinal);

    private static async Task CheckAsync(TestOrchestrator o, int times)
    {
        var monitor = o.Get<HealthMonitor>();
        for (var i = 0; i < times; i++)
        {
            await monitor.CheckOnceAsync(CancellationToken.None);
        }
    }

    private static async Task<Views.ProcedureView?> LatestAsync(TestOrchestrator o) =>
        (await o.Mediator.Send(new ListProceduresQuery("exch1"))).FirstOrDefault();

    [Fact]
    public async Task ANodeThatStaysDownForTheThreshold_IsFailedOverByTheMonitor_WithTheEvidence()
    {
        await using var o = await TestOrchestrator.StartAsync();
        await o.World.FailNodeAsync("node1");
        await CheckAsync(o, 2);
        Assert.Null(await LatestAsync(o)); // below the threshold of 3

        await CheckAsync(o, 1);
        var failover = await LatestAsync(o);
        Assert.Equal(("failover", "monitor"), (failover!.Kind, failover.RequestedBy));
        Assert.Contains("node1 unreachable on 1/1 paths from live peers (node2) on 3 consecutive checks", failover.Reason, StringComparison.Ordinal);
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(failover.Id)).State);
        Assert.Empty((await o.World.SnapshotAsync(CancellationToken.None)).Violations);
    }

    [Fact]
    public async Task AStoppedService_IsRestartedLocally_WithoutAFailover()
    {
        await using var o = await TestOrchestrator.StartAsync();
        await o.World.EnsureStoppedAsync("node1", "SMTPSVC", new Environment.Ports.EffectKey(99, 1, 1), CancellationToken.None);
        await CheckAsync(o, 3);

        Assert.Null(await LatestAsync(o));
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(Environment.Ports.ServiceState.Running, world.ServiceStateOn("node1", "SMTPSVC"));
        var audit = await o.Mediator.Send(new ListAuditQuery("exch1", null));
        Assert.Contains(audit, r => r.Actor == "monitor" && r.TriggerName == "LocalRecovery" && r.Reason.Contains("SMTPSVC", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailedService_IsStoppedBeforeItIsStartedAgain_ByLocalRecovery()
    {
        // A service the monitor reads as failed (an OCF monitor's 1: not cleanly stopped) is recovered as OCF does it:
        // stop, then start; a start alone may answer "already running" and leave it failed, recovered every round.
        await using var o = await TestOrchestrator.StartAsync();
        await o.World.FailServiceAsync("node1", "SMTPSVC");
        await o.World.ClearServiceFaultAsync("node1", "SMTPSVC"); // left failed; a start would succeed again
        await CheckAsync(o, 3);

        Assert.Null(await LatestAsync(o));
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(Environment.Ports.ServiceState.Running, world.ServiceStateOn("node1", "SMTPSVC"));
        Assert.Equal((1, 1), (world.AppliedCount(EffectKind.ServiceStop, "node1", "SMTPSVC"), world.AppliedCount(EffectKind.ServiceStart, "node1", "SMTPSVC")));
        var audit = await o.Mediator.Send(new ListAuditQuery("exch1", null));
        Assert.Contains(audit, r => r.TriggerName == "LocalRecovery" && r.Reason.Contains("stopped and started service SMTPSVC", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AStoppedService_IsOnlyStarted_ByLocalRecovery()
    {
        await using var o = await TestOrchestrator.StartAsync();
        await o.World.EnsureStoppedAsync("node1", "SMTPSVC", new Environment.Ports.EffectKey(99, 1, 1), CancellationToken.None);
        await CheckAsync(o, 3);

        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal((1, 1), (world.AppliedCount(EffectKind.ServiceStop, "node1", "SMTPSVC"), world.AppliedCount(EffectKind.ServiceStart, "node1", "SMTPSVC"))); // the stop is the test's
    }

    [Fact]
    public async Task AServiceThatCannotBeRestarted_LeadsToAFailover()
    {
        await using var o = await TestOrchestrator.StartAsync();
        await o.World.FailServiceAsync("node1", "MSExchangeIS");
        await CheckAsync(o, 3);

        var failover = await LatestAsync(o);
        Assert.Equal("failover", failover!.Kind);
        Assert.Contains("local recovery failed", failover.Reason, StringComparison.Ordinal);
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(failover.Id)).State);
        Assert.Equal(["node2"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
    }

    [Fact]
    public async Task ASecondFailoverSoonAfterTheFirst_IsBlocked_UntilAnOperatorAcknowledges()
    {
        await using var o = await TestOrchestrator.StartAsync();
        await o.World.FailNodeAsync("node1");
        await CheckAsync(o, 3);
        var first = await LatestAsync(o);
        await o.SettledAsync(first!.Id);
        await o.World.RestoreNodeAsync("node1");
        await o.World.FailNodeAsync("node2");

        await CheckAsync(o, 4);
        Assert.Equal(first.Id, (await LatestAsync(o))!.Id);
        var audit = await o.Mediator.Send(new ListAuditQuery("exch1", null));
        Assert.Single(audit, r => r.TriggerName == "FailoverBlocked" && r.Reason.Contains($"procedures ack {first.Id}", StringComparison.Ordinal));

        await o.Mediator.Send(new AcknowledgeProcedureCommand(first.Id, "operator-anna"));
        await CheckAsync(o, 1);
        var second = await LatestAsync(o);
        Assert.NotEqual(first.Id, second!.Id);
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(second.Id)).State);
        Assert.Equal(["node1"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
    }

    [Fact]
    public async Task AutomaticSwitchback_FailsBack_OnceTheBetterNodeHasBeenHealthyForTheStabilisationTime_AndTheFailoverIsAcknowledged()
    {
        var yaml = TwoNode("  failback-stabilisation: 1\n").Replace("switchback: intelligent", "switchback: automatic", StringComparison.Ordinal);
        Assert.Contains("switchback: automatic", yaml, StringComparison.Ordinal);
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: yaml);
        await o.World.FailNodeAsync("node1");
        await CheckAsync(o, 3);
        var failover = await LatestAsync(o);
        await o.SettledAsync(failover!.Id);

        await o.World.RestoreNodeAsync("node1");
        await CheckAsync(o, 1);
        Assert.Equal(failover.Id, (await LatestAsync(o))!.Id); // healthy, but not yet for the stabilisation time
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await CheckAsync(o, 2);

        // Anti-flapping: node1 failed under exch1 within the block period, so the automatic move back onto it waits for an ack.
        Assert.Equal(failover.Id, (await LatestAsync(o))!.Id);
        var audit = await o.Mediator.Send(new ListAuditQuery("exch1", null));
        var blocked = Assert.Single(audit, r => r.TriggerName == "FailbackBlocked");
        Assert.Contains($"node1 failed at", blocked.Reason, StringComparison.Ordinal);
        Assert.Contains($"`orchestrator procedures ack {failover.Id}` lifts the block", blocked.Reason, StringComparison.Ordinal);

        await o.Mediator.Send(new AcknowledgeProcedureCommand(failover.Id, "operator-anna"));
        await CheckAsync(o, 1);
        var failback = await LatestAsync(o);
        Assert.Equal(("failback", "monitor"), (failback!.Kind, failback.RequestedBy));
        Assert.Contains("automatic switchback", failback.Reason, StringComparison.Ordinal);
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(failback.Id)).State);
        Assert.Equal(["node1"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
    }

    [Fact]
    public async Task IntelligentSwitchback_StaysOnTheBackup_UntilAnOperatorAsks()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: TwoNode("  failback-stabilisation: 1\n"));
        await o.World.FailNodeAsync("node1");
        await CheckAsync(o, 3);
        var failover = await LatestAsync(o);
        await o.SettledAsync(failover!.Id);
        await o.World.RestoreNodeAsync("node1");
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await CheckAsync(o, 3);

        Assert.Equal(failover.Id, (await LatestAsync(o))!.Id);
        Assert.Equal(["node2"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
    }

    [Fact]
    public async Task AHierarchysOwnSwitchback_OverridesTheClusters()
    {
        // failover-block 1 s: the automatic move back onto node1 is no longer blocked by the time node1 has been healthy for 1 s.
        var yaml = TwoNode("  failback-stabilisation: 1\n  failover-block: 1\n").Replace("    priorities:\n", "    switchback: automatic\n    priorities:\n", StringComparison.Ordinal);
        Assert.Contains("    switchback: automatic", yaml, StringComparison.Ordinal);
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: yaml);
        Assert.Equal("automatic", (await o.Mediator.Send(new Queries.GetStatus.GetStatusQuery())).Hierarchies[0].Switchback);
        await o.World.FailNodeAsync("node1");
        await CheckAsync(o, 3);
        await o.SettledAsync((await LatestAsync(o))!.Id);
        await o.World.RestoreNodeAsync("node1");
        await CheckAsync(o, 1);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await CheckAsync(o, 1);

        var failback = await LatestAsync(o);
        Assert.Equal("failback", failback!.Kind);
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(failback.Id)).State);
    }
}
