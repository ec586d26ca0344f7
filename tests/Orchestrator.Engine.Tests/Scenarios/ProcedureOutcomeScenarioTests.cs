using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.GetProcedure;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Engine.Views;
using Orchestrator.Workflows.UserMove;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>Issue 10 point 6: a procedure whose purpose was not (fully) achieved ends in a state that says so, naming what fell short.</summary>
public sealed class ProcedureOutcomeScenarioTests
{
    private static async Task<(TestOrchestrator O, ProcedureView Failover)> FailedOverWithFailingUsersAsync(params string[] failing)
    {
        var o = await TestOrchestrator.StartAsync();
        await o.World.SeedUsersAsync([("alice", "sales.example.com", "node1"), ("bob", "eng.example.com", "node1"), ("carol", "eng.example.com", "node1")]);
        foreach (var user in failing)
        {
            await o.World.FailUserMoveAsync(user);
        }

        await o.World.FailNodeAsync("node1");
        var outcome = await o.FailoverAsync("node1 failed");
        return (o, await o.SettledAsync(outcome.Started!.Id));
    }

    private static async Task<ProcedureView> MoveUsersAsync(TestOrchestrator o, UserSelector selector) =>
        await o.SettledAsync(Assert.Single(await o.Mediator.Send(new MoveUsersCommand(selector, "operator-anna"))).Id);

    [Fact]
    public async Task AFailoverWhoseUsersFailToMove_EndsCompletedWithWarnings_NamingThem_AndFreesTheHierarchy()
    {
        var (o, failover) = await FailedOverWithFailingUsersAsync("bob");
        await using var _ = o;

        Assert.Equal(ProcedureStates.CompletedWithWarnings, failover.State);
        Assert.False(failover.IsActive);
        Assert.Contains(failover.Shortfalls, s => s.Contains("28523", StringComparison.Ordinal) && s.Contains("bob", StringComparison.Ordinal));
        Assert.DoesNotContain(failover.Shortfalls, s => s.Contains("alice", StringComparison.Ordinal));
        Assert.Equal(["node2"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));

        // Not active: the next move is accepted.
        await o.World.RestoreNodeAsync("node1");
        var back = await o.FailbackAsync();
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(back.Id)).State); // bob never left node1; the others came back
    }

    [Fact]
    public async Task AFailbackWhoseUsersFailToMove_EndsCompletedWithWarnings_NamingThem()
    {
        var (o, failover) = await FailedOverWithFailingUsersAsync();
        await using var _ = o;
        Assert.Equal(ProcedureStates.Completed, failover.State);
        Assert.Empty(failover.Shortfalls);
        await o.World.RestoreNodeAsync("node1");
        await o.World.FailUserMoveAsync("carol");

        var failback = await o.SettledAsync((await o.FailbackAsync()).Id);

        Assert.Equal(ProcedureStates.CompletedWithWarnings, failback.State);
        Assert.Contains(failback.Shortfalls, s => s.Contains("carol", StringComparison.Ordinal));
        Assert.Equal(["node1"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
    }

    [Fact]
    public async Task AUserMoveThatMovesNoneOfItsUsers_EndsFailed_AndTheyStayRecorded()
    {
        var (o, _) = await FailedOverWithFailingUsersAsync("bob");
        await using var __ = o;

        var move = await MoveUsersAsync(o, UserSelector.User("bob"));

        Assert.Equal(ProcedureStates.Failed, move.State);
        Assert.False(move.IsActive);
        Assert.Contains(move.Shortfalls, s => s.Contains("bob", StringComparison.Ordinal));
        Assert.Equal(["bob"], (await o.Mediator.Send(new ListFailedUsersQuery())).Select(f => f.UserName));

        // Once the cause is gone, the same request completes.
        await o.World.ClearUserFaultAsync("bob");
        var again = await MoveUsersAsync(o, UserSelector.User("bob"));
        Assert.Equal(ProcedureStates.Completed, again.State);
        Assert.Empty(again.Shortfalls);
        Assert.Empty(await o.Mediator.Send(new ListFailedUsersQuery()));
    }

    [Fact]
    public async Task AUserMoveThatMovesSomeOfItsUsers_EndsCompletedWithWarnings_NamingThoseLeft()
    {
        var (o, _) = await FailedOverWithFailingUsersAsync("bob", "carol");
        await using var __ = o;
        await o.World.ClearUserFaultAsync("carol");

        var move = await MoveUsersAsync(o, UserSelector.All);

        Assert.Equal(ProcedureStates.CompletedWithWarnings, move.State);
        Assert.Contains(move.Shortfalls, s => s.Contains("bob", StringComparison.Ordinal) && !s.Contains("still failing: carol", StringComparison.Ordinal));
        Assert.Equal(["bob"], (await o.Mediator.Send(new ListFailedUsersQuery())).Select(f => f.UserName));
        var view = await o.Mediator.Send(new GetProcedureQuery(move.Id));
        Assert.Equal(ProcedureStates.CompletedWithWarnings, view.State);
    }
}
