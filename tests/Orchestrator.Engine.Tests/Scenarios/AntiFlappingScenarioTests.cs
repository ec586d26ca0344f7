using Microsoft.Extensions.Time.Testing;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Queries.ListProcedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Host.Monitoring;
using Orchestrator.Workflows;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>
/// Issue 10, point 2 (S2): anti-flapping stops a hierarchy bouncing between the same nodes, not a cascade. The monitor's
/// checks are driven one at a time on a fake clock (the block period is measured on it).
/// </summary>
public sealed class AntiFlappingScenarioTests
{
    private static async Task<(TestOrchestrator Orchestrator, FakeTimeProvider Clock)> CascadingAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 20, 0, 0, TimeSpan.Zero));
        return (await TestOrchestrator.StartAsync(definitionYaml: Samples.Read("cascading-3"), time: clock), clock);
    }

    private static async Task CheckAsync(TestOrchestrator o, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await o.Get<HealthMonitor>().CheckOnceAsync(CancellationToken.None);
        }
    }

    private static async Task<Views.ProcedureView> FailedOverByTheMonitorAsync(TestOrchestrator o, string node)
    {
        await o.World.FailNodeAsync(node);
        await CheckAsync(o, 3);
        var failover = (await o.Mediator.Send(new ListProceduresQuery("exch1")))[0];
        Assert.Equal((FailoverKind, node), (failover.Kind, failover.SourceNode));
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(failover.Id)).State);
        return failover;
    }

    private const string FailoverKind = "failover";

    [Fact]
    public async Task Cascading_WhenNode2FailsRightAfterTakingOverFromNode1_TheMonitorFailsOverToNode3AtOnce()
    {
        var (o, clock) = await CascadingAsync();
        await using var _ = o;
        var first = await FailedOverByTheMonitorAsync(o, "node1");
        Assert.Equal("node2", first.TargetNode);
        clock.Advance(TimeSpan.FromSeconds(30)); // well within the default 1 h block

        var second = await FailedOverByTheMonitorAsync(o, "node2");

        Assert.Equal("node3", second.TargetNode);
        var audit = await o.Mediator.Send(new ListAuditQuery("exch1", null));
        Assert.DoesNotContain(audit, r => r.TriggerName == "FailoverBlocked");
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(["node3"], world.InServiceNodes("exch1"));
        Assert.Empty(world.Violations);
    }

    [Fact]
    public async Task Cascading_Node1BackThenNode2Fails_Exch1DoesNotBounceBackToNode1_ButCascadesToNode3_SayingWhy()
    {
        var (o, clock) = await CascadingAsync();
        await using var _ = o;
        var first = await FailedOverByTheMonitorAsync(o, "node1");
        await o.World.RestoreNodeAsync("node1");
        clock.Advance(TimeSpan.FromMinutes(5));

        var second = await FailedOverByTheMonitorAsync(o, "node2");

        Assert.Equal("node3", second.TargetNode);
        Assert.Contains($"node1 failed at 2026-11-25 20:00:00Z (failover #{first.Id} of exch1)", second.Reason, StringComparison.Ordinal);
        Assert.Contains($"procedures ack {first.Id}", second.Reason, StringComparison.Ordinal);
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(["node3"], world.InServiceNodes("exch1"));
        Assert.Empty(world.Violations);
    }

    [Fact]
    public async Task Cascading_WithOnlyNode1Left_TheMoveBackIsBlockedNamingNode1_UntilTheBlockPeriodEnds()
    {
        var (o, clock) = await CascadingAsync();
        await using var _ = o;
        await o.World.FailNodeAsync("node3");
        var first = await FailedOverByTheMonitorAsync(o, "node1");
        await o.World.RestoreNodeAsync("node1");
        clock.Advance(TimeSpan.FromMinutes(10));
        await o.World.FailNodeAsync("node2");

        await CheckAsync(o, 5);
        Assert.Equal(first.Id, (await o.Mediator.Send(new ListProceduresQuery("exch1")))[0].Id);
        var audit = await o.Mediator.Send(new ListAuditQuery("exch1", null));
        var blocked = Assert.Single(audit, r => r.TriggerName == "FailoverBlocked"); // said once, not on every check
        Assert.Contains($"node1 failed at 2026-11-25 20:00:00Z (failover #{first.Id} of exch1)", blocked.Reason, StringComparison.Ordinal);
        Assert.Contains("until 2026-11-25 21:00:00Z", blocked.Reason, StringComparison.Ordinal);
        Assert.Contains($"`orchestrator procedures ack {first.Id}` lifts the block", blocked.Reason, StringComparison.Ordinal);
        Assert.Contains("node3 (priority 20) is down", blocked.Reason, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromMinutes(51)); // the block period is over
        await CheckAsync(o, 1);
        var third = (await o.Mediator.Send(new ListProceduresQuery("exch1")))[0];
        Assert.Equal(("node2", "node1"), (third.SourceNode, third.TargetNode));
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(third.Id)).State);
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(["node1"], world.InServiceNodes("exch1"));
        Assert.Empty(world.Violations);
    }
}
