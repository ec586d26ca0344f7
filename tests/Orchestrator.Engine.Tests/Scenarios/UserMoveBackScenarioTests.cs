using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;
using Orchestrator.Workflows.UserMove;
using Orchestrator.Workflows.UserMoveBack;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>
/// S10 repair through the real handler (real SQLite files, real Hangfire, the simulated world): exch1 forgotten by the world
/// while in service on its backup node2 leaves a tombstone with the users homed there; `users move --all` plans one
/// users-move-back procedure keyed by the hierarchy's name that homes them on the primary node1 again, and the tombstone clears.
/// </summary>
public sealed class UserMoveBackScenarioTests
{
    [Fact]
    public async Task UsersMoveAll_PlansOneMoveBackStepOnThePrimary_MovesTheTombstonesUsersOnce_AndTheTombstoneClears()
    {
        await using var o = await TestOrchestrator.StartAsync();
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync((await o.SwitchoverAsync("node2")).Id)).State); // exch1 placed on node2
        await o.World.SeedUsersAsync([("alice", "sales.example.com", "node2"), ("bob", "eng.example.com", "node2")]);
        var world = o.Get<IHierarchyAdministration>();
        Assert.True(await world.DeleteAsync("exch1", "node2", "node1", new EffectKey(0, 1, 1), CancellationToken.None));
        Assert.Equal(["alice", "bob"], await world.UsersToMoveBackAsync("exch1", CancellationToken.None));
        var placements = await o.Store.GetPlacementsAsync(CancellationToken.None);
        var moves = (await o.World.SnapshotAsync(CancellationToken.None)).AppliedCount(EffectKind.UserMove);

        var started = Assert.Single(await o.Mediator.Send(new MoveUsersCommand(UserSelector.All, "operator-anna")));

        Assert.Equal((UserMoveBackProcedure.KindName, "exch1", "node2", "node1", 1), (started.Kind, started.Hierarchy, started.SourceNode, started.TargetNode, started.Steps));
        var step = Assert.Single(await o.Store.GetStepsAsync(started.Id, CancellationToken.None));
        Assert.Equal((UserMoveBackStates.MovingUsersBack, UserMoveBackProcedure.MoveBackAction, "node1", "all"), (step.Phase, step.Action, step.Node, step.Target));
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(started.Id)).State);

        var snapshot = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.All(snapshot.Users, u => Assert.Equal(("node1", TestOrchestrator.DirectoryUser), (u.Home, u.MovedBy)));
        Assert.Equal(2, snapshot.AppliedCount(EffectKind.UserMove) - moves); // each user moved back exactly once
        Assert.Empty(await world.DeletedOnBackupAsync(CancellationToken.None));
        Assert.Empty(await world.UsersToMoveBackAsync("exch1", CancellationToken.None));
        Assert.Equal(placements, await o.Store.GetPlacementsAsync(CancellationToken.None)); // it moved users, not the hierarchy

        var again = await Assert.ThrowsAsync<BadInputException>(async () => await o.Mediator.Send(new MoveUsersCommand(UserSelector.All, "operator-anna")));
        Assert.Contains("no recorded failed user and no user of a hierarchy deleted on a backup matches all", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersMoveByUser_MovesOnlyThatUserBack_AndTheTombstoneStaysForTheOther()
    {
        await using var o = await TestOrchestrator.StartAsync();
        var world = await DeletedOnNode2Async(o);

        var started = Assert.Single(await o.Mediator.Send(new MoveUsersCommand(UserSelector.User("bob"), "operator-anna")));
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(started.Id)).State);

        Assert.Equal(["alice"], await world.UsersToMoveBackAsync("exch1", CancellationToken.None));
        Assert.Equal([new HierarchyPlacement("exch1", "node2", "node1")], await world.DeletedOnBackupAsync(CancellationToken.None));
        Assert.Equal(1, (await o.World.SnapshotAsync(CancellationToken.None)).AppliedCount(EffectKind.UserMove));
    }

    [Fact]
    public async Task UsersMove_WithoutDirectoryCredentials_IsRefusedNamingTheFix_AndCreatesNoProcedure()
    {
        await using var o = await TestOrchestrator.StartAsync(directoryCredentials: false);
        var world = await DeletedOnNode2Async(o);

        var refused = await Assert.ThrowsAsync<BadInputException>(async () => await o.Mediator.Send(new MoveUsersCommand(UserSelector.All, "operator-anna")));

        Assert.Contains("orchestrator credentials set --user", refused.Message, StringComparison.Ordinal);
        Assert.Contains("users-move-back of exch1", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await o.Store.ListAsync(null, 10, CancellationToken.None));
        Assert.Equal(["alice", "bob"], await world.UsersToMoveBackAsync("exch1", CancellationToken.None));
    }

    /// <summary>alice and bob homed on node2 (carol on node1) when the world forgets exch1 in service on node2 (primary node1).</summary>
    private static async Task<IHierarchyAdministration> DeletedOnNode2Async(TestOrchestrator o)
    {
        await o.World.SeedUsersAsync([("alice", "sales.example.com", "node2"), ("bob", "eng.example.com", "node2"), ("carol", "eng.example.com", "node1")]);
        var world = o.Get<IHierarchyAdministration>();
        Assert.True(await world.DeleteAsync("exch1", "node2", "node1", new EffectKey(0, 1, 1), CancellationToken.None));
        return world;
    }
}
