using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.World;
using Orchestrator.Workflows.UserMove;

namespace Orchestrator.Engine.Tests.Scenarios;

public sealed class UserMoveScenarioTests
{
    [Fact]
    public async Task UsersThatFailToMove_AreRecordedAs28523_WithoutStoppingTheFailover_ThenUsersMoveMovesThem()
    {
        await using var o = await TestOrchestrator.StartAsync();
        await o.World.SeedUsersAsync([("alice", "sales.example.com", "node1"), ("bob", "eng.example.com", "node1"), ("carol", "eng.example.com", "node1")]);
        await o.World.FailUserMoveAsync("bob");
        await o.World.FailUserMoveAsync("carol");
        await o.World.FailNodeAsync("node1");

        var failover = await o.FailoverAsync("node1 failed");
        Assert.Equal(ProcedureStates.CompletedWithWarnings, (await o.SettledAsync(failover.Started!.Id)).State); // moved, but not all its users

        var failed = await o.Mediator.Send(new ListFailedUsersQuery());
        Assert.Equal(["bob", "carol"], failed.Select(f => f.UserName).Order());
        Assert.All(failed, f => Assert.Equal(("node1", "node2", "eng.example.com"), (f.FromServer, f.ToServer, f.Domain)));
        var audit = await o.Mediator.Send(new ListAuditQuery("exch1", failover.Started.Id));
        Assert.Contains(audit, r => r.Reason.Contains("28523: 2 user(s) failed to move (bob, carol)", StringComparison.Ordinal));

        await o.World.ClearUserFaultAsync("bob");
        var byUser = await o.Mediator.Send(new MoveUsersCommand(UserSelector.User("bob"), "operator-anna"));
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(Assert.Single(byUser).Id)).State);
        Assert.Equal(["carol"], (await o.Mediator.Send(new ListFailedUsersQuery())).Select(f => f.UserName));

        await o.World.ClearUserFaultAsync("carol");
        var byDomain = await o.Mediator.Send(new MoveUsersCommand(UserSelector.Domain("eng.example.com"), "operator-anna"));
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(Assert.Single(byDomain).Id)).State);
        Assert.Empty(await o.Mediator.Send(new ListFailedUsersQuery()));

        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.All(world.Users, u => Assert.Equal("node2", u.Home));
        Assert.Equal(3, world.AppliedCount(EffectKind.UserMove)); // each user moved exactly once
    }

    [Fact]
    public async Task UsersMove_IsRefused_WhenNoRecordedFailureMatches()
    {
        await using var o = await TestOrchestrator.StartAsync();
        var error = await Assert.ThrowsAsync<Errors.BadInputException>(async () => await o.Mediator.Send(new MoveUsersCommand(UserSelector.All, "anna")));
        Assert.Contains("users failed", error.Message, StringComparison.Ordinal);
    }
}
