using Orchestrator.Engine.Admission;
using Orchestrator.Engine.Steps;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Users;
using Orchestrator.Workflows.Resources;
using Orchestrator.Workflows.UserMove;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>Issue 12: an action that tolerates failed effects (a user that fails to move) does not swallow a stale claim's refusal.</summary>
public sealed class StaleUserMoveTests
{
    [Fact]
    public async Task AZombiesUserMove_RefusedAsStale_IsNotRecordedAsAFailedUser_AndStopsTheAction()
    {
        await using var o = await TestOrchestrator.StartAsync();
        var procedure = (await o.SettledAsync((await o.SwitchoverAsync("node2")).Id)).Id; // a real procedure, for the failures' foreign key
        await o.World.SeedUsersAsync([("alice", "sales.example.com", "node1")]);
        // The newer claim (token 2) of the procedure's step 5 moved alice; later another move brought her back to node1.
        await o.World.EnsureUserHomedAsync("alice", "node2", TestOrchestrator.Account, new EffectKey(procedure, 5, 1, FencingToken: 2), CancellationToken.None);
        await o.World.EnsureUserHomedAsync("alice", "node1", TestOrchestrator.Account, new EffectKey(98, 1, 1), CancellationToken.None);

        // The zombie (token 1) of the same step finds alice on node1 and asks for her move: the world refuses it as stale.
        var action = new UsersMoveAction(o.World, o.Get<IDirectoryCredentialGate>(), o.Get<IFailedUserMoveStore>());
        var zombie = new StepExecution(
            new ProcedureRecord { Id = procedure, Hierarchy = "exch1" },
            new StepRecord { ProcedureId = procedure, Seq = 5, Generation = 1, ClaimToken = 1, Node = "node2", Target = "node1", Action = StepActions.UsersMove },
            TimeProvider.System);

        var refused = await Assert.ThrowsAsync<StaleClaimException>(() => action.ExecuteAsync(zombie, CancellationToken.None));

        Assert.Contains("stale claim token 1 (accepted: 2)", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await o.Mediator.Send(new ListFailedUsersQuery()));
        Assert.Null(zombie.Note);
    }
}
