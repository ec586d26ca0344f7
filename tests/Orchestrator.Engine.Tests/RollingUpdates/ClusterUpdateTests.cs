using Orchestrator.Engine.Procedures;
using Orchestrator.Environment.World;
using Orchestrator.Workflows.RollingUpdate;

namespace Orchestrator.Engine.Tests.RollingUpdates;

/// <summary>`update start --cluster`: one node at a time, hierarchies moved off first and back after; retries and failed nodes.</summary>
public sealed class ClusterUpdateTests
{
    [Fact]
    public async Task Cascading3_IsUpdatedOneNodeAtATime_WithExch1MovedOffNode1AndBack()
    {
        var s = await UpdateScenario.StartAsync("cascading-3");
        await using var o = s.Orchestrator;
        var id = await s.StartClusterUpdateAsync();
        var mostAgentsStopped = 0;

        var done = await s.RunUntilAsync(id, v =>
        {
            var world = o.World.SnapshotAsync(CancellationToken.None).GetAwaiter().GetResult();
            mostAgentsStopped = Math.Max(mostAgentsStopped, world.Nodes.Count(n => !n.AgentRunning || !n.Up));
            return !v.IsActive || v.State == ProcedureStates.WaitingForOperator;
        });

        Assert.Equal(ProcedureStates.Completed, done.State);
        Assert.InRange(mostAgentsStopped, 0, 1); // sampled: never more than one node down (or with its agent stopped) at once

        // Recorded: the nodes' update windows follow one another, in the plan's order.
        var updates = (await o.Store.GetStepsAsync(id, CancellationToken.None)).Where(st => st.Action == "node.update").ToList();
        Assert.Equal(["node1", "node2", "node3"], updates.Select(st => st.Node).ToList());
        for (var i = 1; i < updates.Count; i++)
        {
            Assert.True(updates[i].FirstStartedAt >= updates[i - 1].CompletedAt, $"{updates[i].Node}'s update started before {updates[i - 1].Node}'s had finished");
        }

        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.All(world.Nodes, n => Assert.Equal(UpdateScenario.Package, n.Version));
        Assert.Equal(["node1"], world.InServiceNodes("exch1"));
        var moves = (await o.Store.ListAsync("exch1", 20, CancellationToken.None)).Where(p => p.Kind == "switchover").OrderBy(p => p.Id).ToList();
        Assert.Equal([("node1", "node2"), ("node2", "node1")], moves.Select(m => (m.SourceNode!, m.TargetNode!)).ToList());
        Assert.All(moves, m => Assert.Equal(ProcedureStates.Completed, m.State));
        Assert.Equal(2, world.Outages.Count(x => x.Hierarchy == "exch1"));
    }

    [Fact]
    public async Task AHierarchyIsMovedOffOnlyOntoAnAdmittedNode_SkippingTheNextPriorityWhoseMirrorIsPaused()
    {
        var s = await UpdateScenario.StartAsync("cascading-3");
        await using var o = s.Orchestrator;
        await o.World.SetMirrorStateAsync("node2", Domain.Rules.MirrorState.Paused);
        var id = await s.StartClusterUpdateAsync();

        var done = await s.SettledAsync(id);

        Assert.Equal(ProcedureStates.Completed, done.State);
        var moves = (await o.Store.ListAsync("exch1", 20, CancellationToken.None)).Where(p => p.Kind == "switchover").OrderBy(p => p.Id).ToList();
        Assert.Equal([("node1", "node3"), ("node3", "node1")], moves.Select(m => (m.SourceNode!, m.TargetNode!)).ToList());
        Assert.Contains("node2: node2's mirror is paused", moves[0].Reason, StringComparison.Ordinal);
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(["node1"], world.InServiceNodes("exch1"));
        Assert.Empty(world.Violations); // no MoveWithoutMirroring onto node2
    }

    [Fact]
    public async Task ANodeFailingTwice_SucceedsOnItsThirdTry()
    {
        var s = await UpdateScenario.StartAsync("cascading-3");
        await using var o = s.Orchestrator;
        await o.World.FailNextAsync(EffectKind.PackageInstall, UpdateScenario.Package, 2);
        var id = await s.StartClusterUpdateAsync(retries: 3);

        var done = await s.SettledAsync(id);

        Assert.Equal(ProcedureStates.Completed, done.State);
        Assert.Contains("after 3 tries", done.Steps.First(st => st.Action == "node.update").Description + " " + string.Join(" ", await NotesAsync(o, id)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedNode_IsLeftOut_AndTheRunGoesOnUntilTheMaximumOfFailedNodes()
    {
        var s = await UpdateScenario.StartAsync("cascading-3");
        await using var o = s.Orchestrator;
        await o.World.FailVerifyAsync("node2", -1);
        var id = await s.StartClusterUpdateAsync(retries: 2, maxFailed: 2);

        var done = await s.SettledAsync(id);

        Assert.Equal(ProcedureStates.Completed, done.State);
        var notes = await NotesAsync(o, id);
        Assert.Contains(notes, n => n.Contains("node2 failed its update after 2 tries", StringComparison.Ordinal) && n.Contains("the run goes on", StringComparison.Ordinal));
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(UpdateScenario.Package, world.Node("node3").Version);
        Assert.Equal(["node1"], world.InServiceNodes("exch1"));
    }

    [Fact]
    public async Task WithTheDefaultMaximum_OneFailedNodeStopsTheRun_WithEveryHierarchyInService()
    {
        var s = await UpdateScenario.StartAsync("cascading-3");
        await using var o = s.Orchestrator;
        await o.World.FailVerifyAsync("node1", -1);
        var id = await s.StartClusterUpdateAsync();

        var stopped = await s.SettledAsync(id);

        Assert.Equal(ProcedureStates.WaitingForOperator, stopped.State);
        Assert.Contains("node1 failed its update after 3 tries", stopped.LastError, StringComparison.Ordinal);
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(["node2"], world.InServiceNodes("exch1")); // moved off node1 before its update, and left there
        Assert.True(world.Node("node1").AgentRunning);
    }

    private static async Task<IReadOnlyList<string>> NotesAsync(Support.TestOrchestrator o, long id) =>
        [.. (await o.Mediator.Send(new Queries.ListAudit.ListAuditQuery(RollingUpdateStartKey, id))).Select(r => r.Reason)];

    private const string RollingUpdateStartKey = StartRollingUpdateHandler.ClusterKey;
}
