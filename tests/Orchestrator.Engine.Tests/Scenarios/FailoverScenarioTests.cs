using Orchestrator.Engine.Commands.ApproveProcedure;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.World;
using Orchestrator.Workflows;

namespace Orchestrator.Engine.Tests.Scenarios;

public sealed class FailoverScenarioTests
{
    [Fact]
    public async Task TwoNodes_WhenNode1Dies_Node1IsFencedAndExch1ComesUpOnNode2()
    {
        await using var o = await TestOrchestrator.StartAsync();
        await o.World.FailNodeAsync("node1");

        var outcome = await o.FailoverAsync("node1 unreachable on 1/1 paths for 3 checks");
        var view = await o.SettledAsync(outcome.Started!.Id);

        Assert.Equal(ProcedureStates.Completed, view.State);
        Assert.Equal("node2", outcome.Decision.Node);
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(["node2"], world.InServiceNodes("exch1"));
        Assert.True(world.Node("node1").Fenced);
        Assert.Empty(world.Violations);
        Assert.Equal(1, world.AppliedCount(EffectKind.NodeFence, "node1", "node1"));
        var audit = await o.Mediator.Send(new ListAuditQuery("exch1", outcome.Started.Id));
        Assert.Contains("node1 unreachable on 1/1 paths for 3 checks; fence node1", audit[0].Reason, StringComparison.Ordinal);
        Assert.All(audit, r => Assert.Equal("monitor", r.Actor));
    }

    [Fact]
    public async Task Cascading_WhenNode1ThenNode2Fail_Exch1EndsOnNode3_AndTheReasonSaysWhy()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: Samples.Read("cascading-3"));
        await o.World.FailNodeAsync("node1");
        var first = await o.FailoverAsync("node1 failed");
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(first.Started!.Id)).State);

        await o.World.FailNodeAsync("node2");
        var second = await o.FailoverAsync("node2 failed");
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(second.Started!.Id)).State);

        Assert.Equal("node3", second.Decision.Node);
        Assert.Contains("node2", second.Decision.Reason, StringComparison.Ordinal);
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(["node3"], world.InServiceNodes("exch1"));
        Assert.Empty(world.Violations);
    }

    [Fact]
    public async Task NPlusOne_TheSpareTakesOneFailedPrimary_AndRefusesASecondNamingTheFirst()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: Samples.Read("n-plus-1"));
        await o.World.FailNodeAsync("node1");
        var first = await o.FailoverAsync("node1 failed", "exch1");
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(first.Started!.Id)).State);
        Assert.Equal("node4", first.Decision.Node);

        await o.World.FailNodeAsync("node2");
        var second = await o.FailoverAsync("node2 failed", "exch2");

        Assert.Null(second.Started);
        Assert.Contains("exch1", second.Decision.Reason, StringComparison.Ordinal);
        var audit = await o.Mediator.Send(new ListAuditQuery("exch2", null));
        Assert.Contains(audit, r => r.Actor == "monitor" && r.Reason.Contains("failover not started", StringComparison.Ordinal) && r.Reason.Contains("exch1", StringComparison.Ordinal));
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Empty(world.InServiceNodes("exch2"));
        Assert.Equal(["node4"], world.InServiceNodes("exch1"));
    }

    [Fact]
    public async Task AutomaticFailoverOff_ADetectedFailureWaitsForAnOperator_ThenApproveRunsIt()
    {
        var yaml = Samples.Read("two-node").Replace("automatic-failover: true", "automatic-failover: false", StringComparison.Ordinal);
        Assert.Contains("automatic-failover: false", yaml, StringComparison.Ordinal);
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: yaml);
        await o.World.FailNodeAsync("node1");

        var outcome = await o.FailoverAsync("node1 failed");
        Assert.True(outcome.Held, $"not held: {outcome.Decision}; started #{outcome.Started?.Id}");
        var held = await o.SettledAsync(outcome.Started!.Id);
        Assert.Equal(ProcedureStates.WaitingForOperator, held.State);
        Assert.Contains("automatic failover is disabled", held.LastError, StringComparison.Ordinal);
        Assert.Empty((await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));

        await o.Mediator.Send(new ApproveProcedureCommand(outcome.Started.Id, "operator-anna"));
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(outcome.Started.Id)).State);
        Assert.Equal(["node2"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
    }

    [Fact]
    public async Task Failover_MovesEveryMailboxUserOfTheFailedServer_Once()
    {
        await using var o = await TestOrchestrator.StartAsync();
        await o.World.SeedUsersAsync([("alice", "example.com", "node1"), ("bob", "example.com", "node1"), ("carol", "example.com", "node2")]);
        await o.World.FailNodeAsync("node1");

        var outcome = await o.FailoverAsync("node1 failed");
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(outcome.Started!.Id)).State);

        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.All(world.Users, u => Assert.Equal("node2", u.Home));
        Assert.Equal(2, world.AppliedCount(EffectKind.UserMove));
    }
}
