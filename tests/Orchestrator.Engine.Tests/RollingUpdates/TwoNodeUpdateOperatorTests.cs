using Orchestrator.Engine.Commands.RetryProcedure;
using Orchestrator.Engine.Commands.SkipProcedure;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Environment.World;
using Orchestrator.Storage.Holds;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.RollingUpdate;

namespace Orchestrator.Engine.Tests.RollingUpdates;

/// <summary>S29's schedule, failure rules and the failover's precedence, on a fake clock.</summary>
public sealed class TwoNodeUpdateOperatorTests
{
    [Fact]
    public async Task ScheduledSwitchback_WaitsOnTheClockUntilTheGivenTime_ThenMovesBack()
    {
        var s = await UpdateScenario.StartAsync();
        await using var o = s.Orchestrator;
        var at = s.Clock.GetUtcNow().AddHours(6);
        var id = await s.StartUpdateAsync(switchbackAt: at);

        var waiting = await s.RunUntilAsync(id, v => v.State == RollingUpdateStates.WaitingForSwitchback);
        Assert.Equal(["node2"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
        Assert.Equal("intelligent", await o.Get<ISwitchbackHoldStore>().HeldAsync("exch1", CancellationToken.None));
        var status = await o.Mediator.Send(new Queries.GetStatus.GetStatusQuery());
        Assert.StartsWith("intelligent (held by an update", status.Hierarchies.Single(h => h.Name == "exch1").Switchback, StringComparison.Ordinal);

        s.Clock.Advance(TimeSpan.FromHours(5));
        await Task.Delay(300); // sweeps run: nothing is due before the time
        var stillWaiting = await s.ViewAsync(id);
        Assert.Equal(RollingUpdateStates.WaitingForSwitchback, stillWaiting.State);
        Assert.Contains("scheduled switchback time", stillWaiting.Steps.Single(st => st.Phase == RollingUpdateStates.WaitingForSwitchback).WaitingFor, StringComparison.Ordinal);

        s.Clock.SetUtcNow(at);
        var done = await s.SettledAsync(id);
        Assert.Equal(ProcedureStates.Completed, done.State);
        Assert.True(s.Clock.GetUtcNow() >= at);
        Assert.Equal(["node1"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
        _ = waiting;
    }

    [Fact]
    public async Task VerificationFailure_StopsTheRunWithTheHierarchyInService_ThenSkipGoesOn()
    {
        var s = await UpdateScenario.StartAsync();
        await using var o = s.Orchestrator;
        await o.World.FailVerifyAsync("node1", -1);
        var id = await s.StartUpdateAsync();

        var stopped = await s.SettledAsync(id);

        Assert.Equal(ProcedureStates.WaitingForOperator, stopped.State);
        var failed = stopped.Steps.Single(st => st.Status == "failed");
        Assert.Equal(("update.verify", "node1"), (failed.Action, failed.Node));
        Assert.Equal(["node1"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));

        // The operator checked node1 by hand: skip the verification (install could be skipped too; a mirror wait cannot).
        await o.World.ClearFaultsAsync();
        await o.Mediator.Send(new SkipProcedureCommand(id, "alice"));
        var done = await s.SettledAsync(id);
        Assert.Equal(ProcedureStates.Completed, done.State);
        Assert.Equal("skipped", done.Steps.Single(st => st.Seq == failed.Seq).Status);
        var audit = await o.Mediator.Send(new ListAuditQuery("exch1", id));
        Assert.Contains(audit, r => r.TriggerName == ProcedureTriggers.OperatorSkip && r.Actor == "alice");
    }

    [Fact]
    public async Task FailedInstall_StopsForAnOperator_WithTheHierarchyInService_AndRetryCompletesInstallingOnce()
    {
        var s = await UpdateScenario.StartAsync();
        await using var o = s.Orchestrator;
        await o.World.FailNextAsync(EffectKind.PackageInstall, UpdateScenario.Package, 10);
        var id = await s.StartUpdateAsync();

        var stopped = await s.SettledAsync(id);
        Assert.Equal(ProcedureStates.WaitingForOperator, stopped.State);
        Assert.Equal(("package.install", "node1"), stopped.Steps.Where(st => st.Status == "failed").Select(st => (st.Action, st.Node)).Single());
        Assert.Equal(["node1"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));

        await o.World.ClearFaultsAsync();
        await o.Mediator.Send(new RetryProcedureCommand(id, "alice"));
        Assert.Equal(ProcedureStates.Completed, (await s.SettledAsync(id)).State);
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal((1L, 1L), (world.AppliedCount(EffectKind.PackageInstall, "node1", UpdateScenario.Package), world.AppliedCount(EffectKind.PackageInstall, "node2", UpdateScenario.Package)));
    }

    [Fact]
    public async Task NodeFailureMidUpdate_SuspendsIt_TheFailoverRuns_AndResumeCompletesAfterCheckingAgain()
    {
        var s = await UpdateScenario.StartAsync();
        await using var o = s.Orchestrator;
        var id = await s.StartUpdateAsync(switchbackAt: s.Clock.GetUtcNow().AddHours(2));
        await s.RunUntilAsync(id, v => v.State == RollingUpdateStates.WaitingForSwitchback);
        // The schedule step has given itself back to wait (a failover meeting a running step would wait for it: SuspendDrainTests).
        await Execution.CancelDrainTests.WaitUntilAsync(async () => (await o.Store.GetStepsAsync(id, CancellationToken.None)).All(st => st.Status != StepStatus.Running));

        // node2 (in service, both nodes updated, node1 mirroring) dies; the monitor's failover takes precedence.
        await o.World.FailNodeAsync("node2");
        var failover = await o.FailoverAsync("node2 unreachable on 1/1 paths for 3 checks");
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(failover.Started!.Id)).State);
        var suspended = await s.ViewAsync(id);
        Assert.Equal(RollingUpdateStates.Suspended, suspended.State);
        Assert.False(suspended.IsActive);
        Assert.Equal(["node1"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));

        // Resume re-checks: node2 is down.
        var refused = await Assert.ThrowsAsync<ProcedureStateException>(() => o.Mediator.Send(new ResumeRollingUpdateCommand("exch1", false, "alice")).AsTask());
        Assert.Contains("node2 is down", refused.Message, StringComparison.Ordinal);

        await o.World.RestoreNodeAsync("node2");
        var resumed = await o.Mediator.Send(new ResumeRollingUpdateCommand("exch1", false, "alice"));
        Assert.True(resumed.IsActive);
        s.Clock.Advance(TimeSpan.FromHours(2));
        var done = await s.SettledAsync(id);

        Assert.Equal(ProcedureStates.Completed, done.State);
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(["node1"], world.InServiceNodes("exch1"));
        Assert.Equal(1, world.AppliedCount(EffectKind.PackageInstall, "node1", UpdateScenario.Package));
        Assert.Equal(1, world.AppliedCount(EffectKind.PackageInstall, "node2", UpdateScenario.Package));
        var audit = await o.Mediator.Send(new ListAuditQuery("exch1", id));
        Assert.Contains(audit, r => r.TriggerName == RollingUpdateTriggers.Suspend && r.Reason.Contains("node2 failed", StringComparison.Ordinal));
        Assert.Contains(audit, r => r.TriggerName == RollingUpdateTriggers.OperatorResume && r.Reason.Contains("checked:", StringComparison.Ordinal));
        Assert.Null(await o.Get<ISwitchbackHoldStore>().HeldAsync("exch1", CancellationToken.None));
    }
    [Fact]
    public async Task Resume_WhileAnotherProcedureHoldsTheHierarchy_IsRefusedByTheConflictRule_NamingIt_AndChangesNothing()
    {
        var s = await UpdateScenario.StartAsync();
        await using var o = s.Orchestrator;
        var id = await s.StartUpdateAsync(switchbackAt: s.Clock.GetUtcNow().AddHours(2));
        await s.RunUntilAsync(id, v => v.State == RollingUpdateStates.WaitingForSwitchback);
        await Execution.CancelDrainTests.WaitUntilAsync(async () => (await o.Store.GetStepsAsync(id, CancellationToken.None)).All(st => st.Status != StepStatus.Running));
        await o.World.FailNodeAsync("node2");
        var failover = await o.FailoverAsync("node2 unreachable on 1/1 paths for 3 checks");
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(failover.Started!.Id)).State);
        await o.World.RestoreNodeAsync("node2");

        // An operator's switchover of exch1 holds the hierarchy (its starts on node2 fail and wait for a retry on the fake clock).
        await o.World.FailNextAsync(EffectKind.ServiceStart, null, 10);
        var move = await o.SwitchoverAsync("node2");
        var before = await o.Mediator.Send(new ListAuditQuery("exch1", id));

        var refused = await Assert.ThrowsAsync<ActiveProcedureConflictException>(() => o.Mediator.Send(new ResumeRollingUpdateCommand("exch1", false, "alice")).AsTask());

        Assert.Contains($"#{move.Id} switchover", refused.Message, StringComparison.Ordinal);
        Assert.Equal(RollingUpdateStates.Suspended, (await s.ViewAsync(id)).State);
        Assert.Equal(before.Count, (await o.Mediator.Send(new ListAuditQuery("exch1", id))).Count);
    }
}
