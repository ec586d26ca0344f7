using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.VerifyAudit;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.World;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Tests.Execution;

public sealed class SwitchoverExecutionTests
{
    [Fact]
    public async Task Switchover_CompletesOnTheTarget_ApplyingEveryEffectExactlyOnce()
    {
        await using var o = await TestOrchestrator.StartAsync();
        var started = await o.SwitchoverAsync("node2");
        var view = await o.SettledAsync(started.Id);

        Assert.Equal(ProcedureStates.Completed, view.State);
        Assert.All(view.Steps, s => Assert.Equal((StepStatus.Done, 1), (s.Status, s.Attempts)));
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(["node2"], world.InServiceNodes("exch1"));
        // every step but the target check is one effect; the apply's own effects (S7 manual start of optional services) are not the switchover's
        Assert.Equal(started.Steps - 1, world.Applied.Where(a => !a.Key.StartsWith($"{EffectKind.ServiceStartMode}:", StringComparison.Ordinal)).Sum(a => a.Value));
        Assert.All(world.Applied, a => Assert.Equal(1, a.Value));
        Assert.Equal(0, world.Replayed.Values.Sum());
        Assert.Contains(new PlacementChange("exch1", "node2"), await o.Store.GetPlacementsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Switchover_RecordsOneAuditRowPerTransition_WithAReasonInWords_AndAnIntactChain()
    {
        await using var o = await TestOrchestrator.StartAsync();
        var started = await o.SwitchoverAsync("node2");
        await o.SettledAsync(started.Id);

        var rows = await o.Mediator.Send(new ListAuditQuery("exch1", started.Id));
        Assert.Equal(started.Steps + 1, rows.Count); // the request, then one per step
        Assert.Equal("Requested", rows[0].TriggerName);
        Assert.Contains("target admitted: node2 (priority 10) is up and reachable from node1 over a live communication path", rows[0].Reason, StringComparison.Ordinal);
        Assert.Contains(rows, r => r.FromState == "TakingOutOfService" && r.ToState == "BringingInService" && r.Reason.Contains("unmount volume", StringComparison.Ordinal));
        Assert.Equal(ProcedureStates.Completed, rows[^1].ToState);
        Assert.All(rows, r => Assert.Equal("tester", r.Actor));
        Assert.Null((await o.Mediator.Send(new VerifyAuditQuery())).FirstBrokenId);
    }

    [Fact]
    public async Task TheHierarchy_IsNeverInServiceOnTwoNodes_WhileItMovesBackAndForth()
    {
        await using var o = await TestOrchestrator.StartAsync();
        using var watching = new CancellationTokenSource();
        var maxInService = 0;
        var watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                var snapshot = await o.World.SnapshotAsync(CancellationToken.None);
                maxInService = Math.Max(maxInService, snapshot.InServiceNodes("exch1").Count);
            }
        });
        foreach (var target in new[] { "node2", "node1", "node2" })
        {
            var started = await o.SwitchoverAsync(target);
            Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(started.Id)).State);
        }

        await watching.CancelAsync();
        await watcher;
        Assert.Equal(1, maxInService);
    }

    [Fact]
    public async Task ATransientFailure_IsRetriedWithBackoff_AndCountedOnlyOnceWhenItSucceeds()
    {
        await using var o = await TestOrchestrator.StartAsync();
        await o.World.FailNextAsync(EffectKind.VolumeMount, "E", 2);
        var started = await o.SwitchoverAsync("node2");
        var view = await o.SettledAsync(started.Id);

        Assert.Equal(ProcedureStates.Completed, view.State);
        Assert.Equal(3, view.Steps.Single(s => s.Action == "volume.mount" && s.Target == "E").Attempts);
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(1, world.AppliedCount(EffectKind.VolumeMount, "node2", "E"));
        Assert.Equal(2, world.Failed[EffectKind.VolumeMount]);
    }

    [Fact]
    public async Task ALateOrDuplicateStepJob_IsANoOp()
    {
        await using var o = await TestOrchestrator.StartAsync();
        var started = await o.SwitchoverAsync("node2");
        await o.SettledAsync(started.Id);
        var before = await o.World.SnapshotAsync(CancellationToken.None);

        var runner = o.Get<ProcedureRunner>();
        for (var seq = 1; seq <= started.Steps; seq++)
        {
            await runner.RunAsync(started.Id, seq, CancellationToken.None);
        }

        var after = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(before.Applied, after.Applied);
        Assert.Equal(before.Calls, after.Calls);
    }
}
