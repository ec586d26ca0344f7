using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Commands.ApproveProcedure;
using Orchestrator.Engine.Commands.RetryProcedure;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.World;
using Orchestrator.Workflows;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>
/// Issue 10, point 3: one admission check guards every move — switchover, failback, approve, retry — and the move's first step
/// judges it again at run time. A refusal changes nothing; the world's invariants (never two nodes, fence before
/// takeover, no MoveWithoutMirroring) are asserted by every test and on dispose.
/// </summary>
public sealed class MoveAdmissionScenarioTests
{
    private static string HeldFailovers(string sample) =>
        Samples.Read(sample).Replace("automatic-failover: true", "automatic-failover: false", StringComparison.Ordinal);

    private static async Task AssertNoViolationAsync(TestOrchestrator o) =>
        Assert.Empty((await o.World.SnapshotAsync(CancellationToken.None)).Violations);

    [Fact]
    public async Task NPlusOne_ASwitchoverOntoTheSpareThatHostsAFailedOverPrimary_IsRefusedNamingIt_AndChangesNothing()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: Samples.Read("n-plus-1"));
        await o.World.FailNodeAsync("node1");
        var failover = await o.FailoverAsync("node1 failed", "exch1");
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(failover.Started!.Id)).State);

        var refused = await Assert.ThrowsAsync<BadInputException>(() => o.SwitchoverAsync("node4", "exch3"));

        Assert.Contains("spare node4 already hosts exch1 (failed over from node1); N+1 admits one failed primary at a time", refused.Message, StringComparison.Ordinal);
        Assert.Contains("orchestrator failback exch1", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await o.Store.ListAsync("exch3", 10, CancellationToken.None));
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(["node3"], world.InServiceNodes("exch3"));
        Assert.Equal(["node4"], world.InServiceNodes("exch1"));
        await AssertNoViolationAsync(o);
    }

    [Theory]
    [InlineData(MirrorState.FullResync, "in full resync")]
    [InlineData(MirrorState.Paused, "paused")]
    public async Task ASwitchoverOntoANodeWhoseMirrorIsNotMirroring_IsRefused_AndNothingIsMountedThere(MirrorState state, string said)
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: Samples.Read("two-node-mirrored"));
        await o.World.SetMirrorStateAsync("node2", state);

        var refused = await Assert.ThrowsAsync<BadInputException>(() => o.SwitchoverAsync("node2"));

        Assert.Contains($"node2's mirror is {said}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("needs its mirror mirroring (S27)", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await o.Store.ListAsync("exch1", 10, CancellationToken.None));
        Assert.Equal(["node1"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
        await AssertNoViolationAsync(o);
    }

    [Fact]
    public async Task AFailbackOntoANodeWhoseMirrorIsInFullResync_IsRefused()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: Samples.Read("two-node-mirrored"));
        await o.World.FailNodeAsync("node1");
        var failover = await o.FailoverAsync("node1 failed");
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(failover.Started!.Id)).State);
        await o.World.RestoreNodeAsync("node1");
        await o.World.SetMirrorStateAsync("node1", MirrorState.FullResync); // node1 came back and resyncs from node2

        var refused = await Assert.ThrowsAsync<BadInputException>(() => o.FailbackAsync());

        Assert.Contains("node1's mirror is in full resync", refused.Message, StringComparison.Ordinal);
        Assert.Single(await o.Store.ListAsync("exch1", 10, CancellationToken.None));
        Assert.Equal(["node2"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
        await AssertNoViolationAsync(o);
    }

    [Fact]
    public async Task S28_ApprovingAHeldFailoverAfterTheFailedNodeCameBack_IsRefused_NamingTheCancel_AndChangesNothing()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: HeldFailovers("two-node-mirrored"));
        await o.World.FailNodeAsync("node1");
        var outcome = await o.FailoverAsync("node1 failed");
        Assert.True(outcome.Held);
        var id = outcome.Started!.Id;
        Assert.Equal(ProcedureStates.WaitingForOperator, (await o.SettledAsync(id)).State);
        await o.World.RestoreNodeAsync("node1"); // node1 reboots: still the mirror source, it starts a full resync to node2
        await o.World.SetMirrorStateAsync("node2", MirrorState.FullResync);
        var rowsBefore = (await o.Mediator.Send(new ListAuditQuery("exch1", id))).Count;

        var refused = await Assert.ThrowsAsync<BadInputException>(() => o.Mediator.Send(new ApproveProcedureCommand(id, "operator-anna")).AsTask());

        Assert.Contains("node1 is back up and reachable, so the failover of exch1 from it is no longer wanted", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"`orchestrator procedures cancel {id}`", refused.Message, StringComparison.Ordinal);
        Assert.Contains("full resync", refused.Message, StringComparison.Ordinal);
        var view = await o.SettledAsync(id);
        Assert.Equal(ProcedureStates.WaitingForOperator, view.State);
        Assert.All(view.Steps, s => Assert.Equal("planned", s.Status));
        Assert.Equal(rowsBefore, (await o.Mediator.Send(new ListAuditQuery("exch1", id))).Count);
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.False(world.Node("node1").Fenced); // the healthy node was not powered off
        Assert.Equal(0, world.AppliedCount(EffectKind.NodeFence));
        await AssertNoViolationAsync(o);
    }

    [Fact]
    public async Task S28_ApprovingAHeldFailoverOntoAFullResync_IsRefusedSayingWhenToApprove_ThenGoesOnOnceMirroring()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: HeldFailovers("two-node-mirrored"));
        await o.World.FailNodeAsync("node1");
        var outcome = await o.FailoverAsync("node1 failed");
        var id = outcome.Started!.Id;
        Assert.Equal(ProcedureStates.WaitingForOperator, (await o.SettledAsync(id)).State);
        await o.World.SetMirrorStateAsync("node2", MirrorState.FullResync);

        var refused = await Assert.ThrowsAsync<BadInputException>(() => o.Mediator.Send(new ApproveProcedureCommand(id, "operator-anna")).AsTask());

        Assert.Contains("S28: node2's mirror is in full resync", refused.Message, StringComparison.Ordinal);
        Assert.Contains("approve (or retry) again once the full resync to node2 has completed", refused.Message, StringComparison.Ordinal);
        Assert.Empty((await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));

        await o.World.SetMirrorStateAsync("node2", MirrorState.Mirroring);
        await o.Mediator.Send(new ApproveProcedureCommand(id, "operator-anna"));
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(id)).State);
        Assert.Equal(["node2"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
        await AssertNoViolationAsync(o);
    }

    [Fact]
    public async Task RetryingASwitchoverThatStillHasToBringTheHierarchyUp_ReChecksTheTarget_AndARefusalChangesNothing()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: Samples.Read("two-node-mirrored"));
        await o.World.FailServiceAsync("node2", "MSExchangeIS");
        var id = (await o.SwitchoverAsync("node2")).Id;
        var stopped = await o.SettledAsync(id);
        Assert.Equal(ProcedureStates.WaitingForOperator, stopped.State);
        await o.World.ClearServiceFaultAsync("node2", "MSExchangeIS");
        await o.World.SetMirrorStateAsync("node2", MirrorState.Paused);
        var rowsBefore = (await o.Mediator.Send(new ListAuditQuery("exch1", id))).Count;

        var refused = await Assert.ThrowsAsync<BadInputException>(() => o.Mediator.Send(new RetryProcedureCommand(id, "operator-anna")).AsTask());

        Assert.Contains($"procedure #{id} (switchover of exch1 to node2) is not resumed", refused.Message, StringComparison.Ordinal);
        Assert.Contains("node2's mirror is paused", refused.Message, StringComparison.Ordinal);
        var after = await o.SettledAsync(id);
        Assert.Equal(ProcedureStates.WaitingForOperator, after.State);
        Assert.Equal(stopped.Steps.Select(s => s.Status), after.Steps.Select(s => s.Status));
        Assert.Equal(rowsBefore, (await o.Mediator.Send(new ListAuditQuery("exch1", id))).Count);

        await o.World.SetMirrorStateAsync("node2", MirrorState.Mirroring);
        await o.Mediator.Send(new RetryProcedureCommand(id, "operator-anna"));
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(id)).State);
        Assert.Equal(["node2"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
    }

    [Fact]
    public async Task AfterFailPath_ASwitchoverToTheNodeBeyondTheCutPath_IsRefusedNamingThePath()
    {
        await using var o = await TestOrchestrator.StartAsync();
        await o.World.FailPathAsync("node1", "node2");

        var refused = await Assert.ThrowsAsync<BadInputException>(() => o.SwitchoverAsync("node2"));

        Assert.Contains("node node2 is unreachable from node1", refused.Message, StringComparison.Ordinal);
        Assert.Contains("restore-path node1 node2", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await o.Store.ListAsync("exch1", 10, CancellationToken.None));
        Assert.Equal(["node1"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
        await AssertNoViolationAsync(o);
    }

    [Fact]
    public async Task ASwitchoverWhoseTargetsMirrorStopsMirroringBetweenRequestAndRun_StopsAtItsFirstStep_BeforeAnythingMoves()
    {
        var directory = Path.Combine(Path.GetTempPath(), "orch-engine-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            long id;
            await using (var requester = await TestOrchestrator.StartAsync(runsJobs: false, definitionYaml: Samples.Read("two-node-mirrored"), directory: directory))
            {
                id = (await requester.SwitchoverAsync("node2")).Id; // admitted: node2's mirror is mirroring
                await requester.World.SetMirrorStateAsync("node2", MirrorState.Paused);
            }

            await using var runner = await TestOrchestrator.StartAsync(definitionYaml: Samples.Read("two-node-mirrored"), directory: directory);
            var view = await runner.SettledAsync(id);

            Assert.Equal(ProcedureStates.WaitingForOperator, view.State);
            Assert.Contains("no longer admitted", view.LastError, StringComparison.Ordinal);
            Assert.Contains("node2's mirror is paused", view.LastError, StringComparison.Ordinal);
            Assert.Equal(["failed"], view.Steps.Take(1).Select(s => s.Status));
            var world = await runner.World.SnapshotAsync(CancellationToken.None);
            Assert.Equal(["node1"], world.InServiceNodes("exch1"));
            Assert.Empty(world.Violations);
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
