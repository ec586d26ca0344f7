using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Commands.CancelProcedure;
using Orchestrator.Engine.Commands.RetryProcedure;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.World;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Sqlite;
using Orchestrator.Workflows.Resources;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>
/// Issue 12 point 4: a cancel while a step runs drains — the procedure is Cancelling and keeps its hierarchy until the
/// step has reported; then the step's result, Cancelled, the report and the placement are one commit.
/// </summary>
public sealed class CancelDrainTests
{
    /// <summary>A cancel that does not wait for the drain: the test watches it end.</summary>
    private static EngineOptions NoCancelWait(TimeSpan? lease = null)
    {
        var options = TestOrchestrator.FastRetries();
        options.CancelWaitForRunningStep = TimeSpan.Zero;
        options.ClaimLease = lease ?? options.ClaimLease;
        return options;
    }

    [Fact]
    public async Task ACancelDuringALongStep_KeepsTheHierarchyUntilTheStepReported_RefusingASwitchover_ThenEndsWithTheReportInOneCommit()
    {
        await using var o = await TestOrchestrator.StartAsync(engine: NoCancelWait());
        using var watching = new CancellationTokenSource();
        var maxInService = 0;
        var watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                maxInService = Math.Max(maxInService, (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1").Count);
            }
        });
        await o.World.SetLatencyAsync(EffectKind.DnsUpdate, TimeSpan.FromSeconds(2));
        var started = await o.SwitchoverAsync("node2");
        var dns = (await o.Store.GetStepsAsync(started.Id, CancellationToken.None)).Single(s => s.Action == StepActions.DnsUpdate).Seq;
        await WaitUntilAsync(async () => (await o.Store.GetStepsAsync(started.Id, CancellationToken.None))[dns - 1].Status == StepStatus.Running);

        var cancel = await o.Mediator.Send(new CancelProcedureCommand(started.Id, "operator-anna"));

        Assert.False(cancel.Settled);
        Assert.Equal((ProcedureStates.Cancelling, true), (cancel.Procedure.State, cancel.Procedure.IsActive));
        Assert.StartsWith($"step {dns} (dns.update ", cancel.DrainedStep, StringComparison.Ordinal);
        Assert.DoesNotContain(cancel.Procedure.Steps, s => s.Status is StepStatus.Planned or StepStatus.Ready); // nothing new runs
        var refused = await Assert.ThrowsAsync<ActiveProcedureConflictException>(() => o.SwitchoverAsync("node1"));
        Assert.StartsWith($"procedure #{started.Id} (switchover of exch1) is cancelling: step {dns} (dns.update ", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"is still running; try again once it has reported, see `orchestrator procedures show {started.Id}`", refused.Message, StringComparison.Ordinal);
        var again = await Assert.ThrowsAsync<ActiveProcedureConflictException>(async () => await o.Mediator.Send(new CancelProcedureCommand(started.Id, "operator-bob")));
        Assert.Contains("is cancelling", again.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ActiveProcedureConflictException>(async () => await o.Mediator.Send(new RetryProcedureCommand(started.Id, "operator-bob")));

        var ended = await o.SettledAsync(started.Id);

        Assert.Equal((ProcedureStates.Cancelled, false), (ended.State, ended.IsActive));
        Assert.Equal(StepStatus.Done, ended.Steps[dns - 1].Status); // its effect happened: the step reports done
        var audit = await o.Mediator.Send(new ListAuditQuery("exch1", started.Id));
        var requested = Assert.Single(audit, r => r.ToState == ProcedureStates.Cancelling);
        Assert.Contains($"cancel requested by operator-anna", requested.Reason, StringComparison.Ordinal);
        Assert.Contains($"draining step {dns} (dns.update", requested.Reason, StringComparison.Ordinal);
        var final = Assert.Single(audit, r => r.ToState == ProcedureStates.Cancelled);
        Assert.Equal((ProcedureStates.Cancelling, ProcedureTriggers.StepReported), (final.FromState, final.TriggerName));
        Assert.Contains($"cancelled after step {dns} reported", final.Reason, StringComparison.Ordinal);
        Assert.True(final.Reason.Contains("; exch1 is in service on no node; ", StringComparison.Ordinal) && final.Reason.Contains("volume E: mounted on node2", StringComparison.Ordinal), final.Reason);
        Assert.Equal(final, audit[^1]); // no second report row after it
        Assert.DoesNotContain(audit, r => r.TriggerName == "CancelReport");
        Assert.Null((await o.Store.GetPlacementsAsync(CancellationToken.None)).Single(p => p.Hierarchy == "exch1").Node); // was node1

        var next = await o.SwitchoverAsync("node2");
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(next.Id)).State);
        await watching.CancelAsync();
        await watcher;
        Assert.Equal(1, maxInService);
        Assert.Equal(["node2"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
    }

    [Fact]
    public async Task ACancelWithNoStepRunning_EndsAtOnce_WithTheReportAndThePlacementInTheSameRow()
    {
        await using var o = await TestOrchestrator.StartAsync();
        await o.World.FailServiceAsync("node2", "MSExchangeIS");
        var started = await o.SwitchoverAsync("node2");
        Assert.Equal(ProcedureStates.WaitingForOperator, (await o.SettledAsync(started.Id)).State);

        var cancelled = await o.Mediator.Send(new CancelProcedureCommand(started.Id, "operator-anna"));

        Assert.True(cancelled.Settled);
        Assert.Null(cancelled.DrainedStep);
        Assert.Equal((ProcedureStates.Cancelled, false), (cancelled.Procedure.State, cancelled.Procedure.IsActive));
        var audit = await o.Mediator.Send(new ListAuditQuery("exch1", started.Id));
        var final = Assert.Single(audit, r => r.ToState == ProcedureStates.Cancelled);
        Assert.Equal((ProcedureStates.WaitingForOperator, ProcedureTriggers.OperatorCancel), (final.FromState, final.TriggerName));
        Assert.Contains("operator-anna cancelled switchover of exch1", final.Reason, StringComparison.Ordinal);
        Assert.Contains("exch1 is in service on no node; ", final.Reason, StringComparison.Ordinal);
        Assert.Contains("service MSExchangeIS: failed on node2", final.Reason, StringComparison.Ordinal);
        Assert.Equal(final, audit[^1]); // the report is in the end state's row, not a second one
        Assert.Null((await o.Store.GetPlacementsAsync(CancellationToken.None)).Single(p => p.Hierarchy == "exch1").Node);
    }

    [Fact]
    public async Task WhenTheDrainingWorkerDies_TheNextClaimerEndsTheDrain_WithoutRunningTheActionAgain()
    {
        var directory = Path.Combine(Path.GetTempPath(), "orch-engine-" + Guid.NewGuid().ToString("N")[..8]);
        await using var zombie = await TestOrchestrator.StartAsync(runsJobs: false, engine: NoCancelWait(TimeSpan.FromSeconds(1)), directory: directory,
            configure: s => s.AddSingleton(sp => InterceptedProcedureStore.WithBlindRenewals(new SqliteProcedureStore(sp.GetRequiredService<SqliteConnectionFactory>()))));
        await zombie.World.SetLatencyAsync(EffectKind.DnsUpdate, TimeSpan.FromSeconds(4));
        var started = await zombie.SwitchoverAsync("node2");
        var dns = (await zombie.Store.GetStepsAsync(started.Id, CancellationToken.None)).Single(s => s.Action == StepActions.DnsUpdate).Seq;
        // The worker runs the chain; its renewals never get through (though it is told they did), so its claim on the DNS step
        // expires mid-effect (it "died") while its call goes on.
        var zombieJob = Task.Run(() => zombie.Get<ProcedureRunner>().RunAsync(started.Id, 1, CancellationToken.None));
        await WaitUntilAsync(async () => (await zombie.Store.GetStepsAsync(started.Id, CancellationToken.None))[dns - 1].Status == StepStatus.Running);
        Assert.Equal(ProcedureStates.Cancelling, (await zombie.Mediator.Send(new CancelProcedureCommand(started.Id, "operator-anna"))).Procedure.State);

        await using var second = await TestOrchestrator.StartAsync(engine: NoCancelWait(TimeSpan.FromSeconds(1)), directory: directory);
        var ended = await second.SettledAsync(started.Id);
        var callsWhenEnded = (await second.World.SnapshotAsync(CancellationToken.None)).Calls[EffectKind.DnsUpdate];
        await zombieJob.WaitAsync(TimeSpan.FromSeconds(15)); // its late commit is fenced

        Assert.Equal(ProcedureStates.Cancelled, ended.State);
        Assert.Equal((StepStatus.Cancelled, 2), (ended.Steps[dns - 1].Status, ended.Steps[dns - 1].Attempts)); // claimed anew, not run
        Assert.Equal(0, callsWhenEnded); // the next claimer ended the drain without calling the world (the zombie's call still sleeps)
        Assert.Equal(1, (await second.World.SnapshotAsync(CancellationToken.None)).Calls[EffectKind.DnsUpdate]); // the zombie's own, once
        var audit = await second.Mediator.Send(new ListAuditQuery("exch1", started.Id));
        var final = Assert.Single(audit, r => r.ToState == ProcedureStates.Cancelled);
        Assert.Equal(second.Get<WorkerIdentity>().Id, final.Actor);
        Assert.Contains($"cancelled after step {dns} reported (not run: the procedure was draining when the step was claimed)", final.Reason, StringComparison.Ordinal);
        Assert.Single(audit, r => r.Reason.StartsWith("fenced: stale claim", StringComparison.Ordinal) && r.Actor == zombie.Get<WorkerIdentity>().Id);
        Assert.DoesNotContain(audit, r => r.TriggerName == ProcedureTriggers.StepSucceeded && r.Reason.Contains($"(step {dns} of", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACancelAgain_TakesOverADrainingStepWhoseLeaseExpired_AndEndsTheDrainWithoutRunningIt()
    {
        // The step's worker hangs in the world's latency and its heartbeat never gets through: it "died" mid-step, and no runner is left.
        await using var o = await TestOrchestrator.StartAsync(runsJobs: false, engine: NoCancelWait(TimeSpan.FromSeconds(1)),
            configure: s => s.AddSingleton(sp => InterceptedProcedureStore.WithStalledRenewals(new SqliteProcedureStore(sp.GetRequiredService<SqliteConnectionFactory>()))));
        await o.World.SetLatencyAsync(EffectKind.DnsUpdate, TimeSpan.FromSeconds(4));
        var started = await o.SwitchoverAsync("node2");
        var dns = (await o.Store.GetStepsAsync(started.Id, CancellationToken.None)).Single(s => s.Action == StepActions.DnsUpdate).Seq;
        var job = Task.Run(() => o.Get<ProcedureRunner>().RunAsync(started.Id, 1, CancellationToken.None));
        await WaitUntilAsync(async () => (await o.Store.GetStepsAsync(started.Id, CancellationToken.None))[dns - 1].Status == StepStatus.Running);
        Assert.Equal(ProcedureStates.Cancelling, (await o.Mediator.Send(new CancelProcedureCommand(started.Id, "operator-anna"))).Procedure.State);
        var live = (await o.Store.GetStepsAsync(started.Id, CancellationToken.None))[dns - 1];
        if (live.ClaimExpiresAt > DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200))
        {
            // Its lease is still live: the worker may be alive, the drain holds.
            await Assert.ThrowsAsync<ActiveProcedureConflictException>(async () => await o.Mediator.Send(new CancelProcedureCommand(started.Id, "operator-anna")));
        }

        await WaitUntilAsync(async () => (await o.Store.GetStepsAsync(started.Id, CancellationToken.None))[dns - 1].ClaimExpiresAt < DateTimeOffset.UtcNow);
        var again = await o.Mediator.Send(new CancelProcedureCommand(started.Id, "operator-anna"));

        Assert.True(again.Settled);
        Assert.Equal((ProcedureStates.Cancelled, false), (again.Procedure.State, again.Procedure.IsActive));
        var step = (await o.Store.GetStepsAsync(started.Id, CancellationToken.None))[dns - 1];
        Assert.Equal((StepStatus.Cancelled, 2), (step.Status, step.Attempts)); // claimed anew by the cancel (token bumped), not run
        Assert.Equal(0, (await o.World.SnapshotAsync(CancellationToken.None)).AppliedCount(EffectKind.DnsUpdate)); // the zombie's call still sleeps
        var final = Assert.Single(await o.Mediator.Send(new ListAuditQuery("exch1", started.Id)), r => r.ToState == ProcedureStates.Cancelled);
        Assert.Equal("operator-anna", final.Actor);
        Assert.Contains($"cancelled after step {dns} reported (not run: its worker's lease expired; taken over when operator-anna cancelled); exch1 is in service on no node", final.Reason, StringComparison.Ordinal);
        Assert.Null((await o.Store.GetPlacementsAsync(CancellationToken.None)).Single(p => p.Hierarchy == "exch1").Node);

        await job.WaitAsync(TimeSpan.FromSeconds(15)); // the old worker's late effect and commit are fenced: they change nothing
        Assert.Equal(ProcedureStates.Cancelled, (await o.Store.GetAsync(started.Id, CancellationToken.None))!.State);
        Assert.Equal(StepStatus.Cancelled, (await o.Store.GetStepsAsync(started.Id, CancellationToken.None))[dns - 1].Status);
        Assert.True((await o.World.SnapshotAsync(CancellationToken.None)).AppliedCount(EffectKind.DnsUpdate) <= 1);
    }

    [Fact]
    public async Task ACancelThatWaits_TakesOverTheDrainingStepOnceItsLeaseExpires_WithinAboutOneLease()
    {
        var lease = TimeSpan.FromSeconds(1);
        var options = NoCancelWait(lease);
        options.CancelWaitForRunningStep = TimeSpan.FromSeconds(15);
        await using var o = await TestOrchestrator.StartAsync(runsJobs: false, engine: options,
            configure: s => s.AddSingleton(sp => InterceptedProcedureStore.WithStalledRenewals(new SqliteProcedureStore(sp.GetRequiredService<SqliteConnectionFactory>()))));
        await o.World.SetLatencyAsync(EffectKind.DnsUpdate, TimeSpan.FromSeconds(8));
        var started = await o.SwitchoverAsync("node2");
        var dns = (await o.Store.GetStepsAsync(started.Id, CancellationToken.None)).Single(s => s.Action == StepActions.DnsUpdate).Seq;
        var job = Task.Run(() => o.Get<ProcedureRunner>().RunAsync(started.Id, 1, CancellationToken.None));
        await WaitUntilAsync(async () => (await o.Store.GetStepsAsync(started.Id, CancellationToken.None))[dns - 1].Status == StepStatus.Running);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var cancel = await o.Mediator.Send(new CancelProcedureCommand(started.Id, "operator-anna"));

        Assert.True(cancel.Settled);
        Assert.True(clock.Elapsed < 3 * lease, $"took {clock.Elapsed}");
        Assert.Equal(ProcedureStates.Cancelled, cancel.Procedure.State);
        Assert.Equal(StepStatus.Cancelled, cancel.Procedure.Steps[dns - 1].Status);
        Assert.Contains(await o.Mediator.Send(new ListAuditQuery("exch1", started.Id)), r => r.ToState == ProcedureStates.Cancelled
            && r.Reason.Contains($"(not run: its worker's lease expired; taken over when operator-anna cancelled)", StringComparison.Ordinal));
        await job.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(ProcedureStates.Cancelled, (await o.Store.GetAsync(started.Id, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task AStepClaimedBetweenTheCancelsReadAndItsCommit_MakesTheCancelDrain_InsteadOfFreeingTheHierarchyUnderIt()
    {
        var raced = 0;
        await using var o = await TestOrchestrator.StartAsync(runsJobs: false, engine: NoCancelWait(), configure: s => s.AddSingleton(sp =>
        {
            var inner = new SqliteProcedureStore(sp.GetRequiredService<SqliteConnectionFactory>());
            // A worker claims the ready step 1 just before the cancel (which read it as ready) commits "Cancelled".
            return InterceptedProcedureStore.Around(inner, (name, args) =>
                name == nameof(IProcedureStore.CommitTransitionAsync) && args[0] is TransitionCommit { NewState: ProcedureStates.Cancelled } commit
                && Interlocked.Exchange(ref raced, 1) == 0
                    ? ClaimThenCommitAsync(inner, commit)
                    : null);
        }));
        var started = await o.SwitchoverAsync("node2");
        Assert.Equal(StepStatus.Ready, (await o.Store.GetStepsAsync(started.Id, CancellationToken.None))[0].Status);

        var cancel = await o.Mediator.Send(new CancelProcedureCommand(started.Id, "operator-anna"));

        Assert.Equal(1, raced);
        Assert.Equal((ProcedureStates.Cancelling, true), (cancel.Procedure.State, cancel.Procedure.IsActive)); // it drains the claimed step
        Assert.StartsWith("step 1 (node.verify-target ", cancel.DrainedStep, StringComparison.Ordinal);
        var step = (await o.Store.GetStepsAsync(started.Id, CancellationToken.None))[0];
        Assert.Equal((StepStatus.Running, "racing-worker"), (step.Status, step.ClaimedBy)); // not cancelled under its worker
        await Assert.ThrowsAsync<ActiveProcedureConflictException>(() => o.SwitchoverAsync("node1"));
    }

    private static async Task<TransitionOutcome> ClaimThenCommitAsync(IProcedureStore inner, TransitionCommit commit)
    {
        Assert.NotNull(await inner.TryClaimStepAsync(commit.ProcedureId, 1, "racing-worker", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), CancellationToken.None));
        return await inner.CommitTransitionAsync(commit, CancellationToken.None);
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 20 s");
            await Task.Delay(10);
        }
    }
}
