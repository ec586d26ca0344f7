using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Commands.RetryProcedure;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Sqlite;
using Orchestrator.Workflows.Resources;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>Issue 12: fenced claims, heartbeated short leases, MAXWAIT as a deadline the engine enforces.</summary>
public sealed class ClaimFencingTests
{
    private const string FencedPrefix = "fenced: stale claim";

    private static EngineOptions ShortLease()
    {
        var options = TestOrchestrator.FastRetries();
        options.ClaimLease = TimeSpan.FromSeconds(1);
        return options;
    }

    [Fact]
    public async Task AZombiesCommit_IsRefused_AfterASecondRuntimeTookItsExpiredClaimOver_AndTheProcedureCompletesOnce()
    {
        var directory = Path.Combine(Path.GetTempPath(), "orch-engine-" + Guid.NewGuid().ToString("N")[..8]);
        await using var zombie = await TestOrchestrator.StartAsync(runsJobs: false, engine: ShortLease(), directory: directory,
            configure: s => s.AddSingleton(sp => InterceptedProcedureStore.WithBlindRenewals(new SqliteProcedureStore(sp.GetRequiredService<SqliteConnectionFactory>()))));
        // Five leases: the second runtime has four seconds after the zombie's lease expires to start and take the step over.
        await zombie.World.SetLatencyAsync(EffectKind.DnsUpdate, TimeSpan.FromSeconds(5));
        var started = await zombie.SwitchoverAsync("node2");
        var dns = (await zombie.Store.GetStepsAsync(started.Id, CancellationToken.None)).Single(s => s.Action == StepActions.DnsUpdate).Seq;

        // The zombie runs the chain itself; its renewals never get through (though it is told they did), so its claim on the DNS step expires mid-effect.
        var zombieJob = Task.Run(() => zombie.Get<ProcedureRunner>().RunAsync(started.Id, 1, CancellationToken.None));
        await WaitUntilAsync(async () => (await zombie.Store.GetStepsAsync(started.Id, CancellationToken.None))[dns - 1].Status == StepStatus.Running);

        await using var second = await TestOrchestrator.StartAsync(engine: ShortLease(), directory: directory);
        var view = await second.SettledAsync(started.Id);
        await zombieJob.WaitAsync(TimeSpan.FromSeconds(10)); // it ended without committing

        Assert.Equal(ProcedureStates.Completed, view.State);
        Assert.Equal(2, view.Steps[dns - 1].Attempts); // the zombie's claim, then the second runtime's
        Assert.All(view.Steps.Where(s => s.Seq != dns), s => Assert.Equal((StepStatus.Done, 1), (s.Status, s.Attempts)));
        Assert.Equal(2, (await second.Store.GetStepsAsync(started.Id, CancellationToken.None))[dns - 1].ClaimToken);

        var world = await second.World.SnapshotAsync(CancellationToken.None);
        Assert.All(world.Applied, a => Assert.Equal(1, a.Value)); // per kind, node and target: no effect applied twice
        Assert.Equal(1, world.Replayed.GetValueOrDefault(EffectKind.DnsUpdate)); // the takeover's call found the zombie's effect
        // The second runtime's start-up reconcile replays the apply's S7 start modes (their keys are the apply's); nothing else replays.
        Assert.Equal("DnsUpdate=1", string.Join(", ", world.Replayed.Where(r => r.Value > 0 && r.Key != EffectKind.ServiceStartMode).Select(r => $"{r.Key}={r.Value}")));

        var audit = await second.Mediator.Send(new ListAuditQuery("exch1", started.Id));
        var fenced = Assert.Single(audit, r => r.Reason.StartsWith(FencedPrefix, StringComparison.Ordinal));
        Assert.Contains($"step {dns} of procedure #{started.Id} (claim token 1)", fenced.Reason, StringComparison.Ordinal);
        Assert.Equal(zombie.Get<WorkerIdentity>().Id, fenced.Actor);
        Assert.Single(audit, r => r.ToState == ProcedureStates.Completed);
        Assert.Single(audit, r => r.TriggerName == ProcedureTriggers.StepSucceeded && r.Reason.Contains($"(step {dns} of", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AZombiesLateEffect_IsRefusedByTheWorldAsStale_AndTheProcedureCompletesOnce()
    {
        var directory = Path.Combine(Path.GetTempPath(), "orch-engine-" + Guid.NewGuid().ToString("N")[..8]);
        await using var zombie = await TestOrchestrator.StartAsync(runsJobs: false, engine: ShortLease(), directory: directory,
            configure: s => s.AddSingleton(sp => InterceptedProcedureStore.WithBlindRenewals(new SqliteProcedureStore(sp.GetRequiredService<SqliteConnectionFactory>()))));
        await zombie.World.SetLatencyAsync(EffectKind.DnsUpdate, TimeSpan.FromSeconds(6));
        var started = await zombie.SwitchoverAsync("node2");
        var dns = (await zombie.Store.GetStepsAsync(started.Id, CancellationToken.None)).Single(s => s.Action == StepActions.DnsUpdate).Seq;

        // The zombie's DNS call sits in its latency; the takeover's call has none, so it lands first, under claim token 2.
        var zombieJob = Task.Run(() => zombie.Get<ProcedureRunner>().RunAsync(started.Id, 1, CancellationToken.None));
        await WaitUntilAsync(async () => (await zombie.Store.GetStepsAsync(started.Id, CancellationToken.None))[dns - 1].Status == StepStatus.Running);
        await Task.Delay(TimeSpan.FromSeconds(1)); // well into its latency (read as the call starts)
        await zombie.World.SetLatencyAsync(EffectKind.DnsUpdate, TimeSpan.Zero);

        await using var second = await TestOrchestrator.StartAsync(engine: ShortLease(), directory: directory);
        var view = await second.SettledAsync(started.Id);
        await zombieJob.WaitAsync(TimeSpan.FromSeconds(15)); // its late call was refused; it ended without committing

        Assert.Equal(ProcedureStates.Completed, view.State);
        Assert.Equal(2, view.Steps[dns - 1].Attempts);
        Assert.Equal(2, (await second.Store.GetStepsAsync(started.Id, CancellationToken.None))[dns - 1].ClaimToken);
        var world = await second.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(1, world.Fenced[EffectKind.DnsUpdate]); // the zombie's call, token 1 after the world accepted token 2
        Assert.Equal(0, world.Fenced.Where(f => f.Key != EffectKind.DnsUpdate).Sum(f => f.Value));
        Assert.All(world.Applied, a => Assert.Equal(1, a.Value)); // no effect applied twice
        Assert.Equal(0, world.Replayed.GetValueOrDefault(EffectKind.DnsUpdate));

        var audit = await second.Mediator.Send(new ListAuditQuery("exch1", started.Id));
        var fenced = Assert.Single(audit, r => r.Reason.StartsWith(FencedPrefix, StringComparison.Ordinal));
        Assert.Contains($"step {dns} of procedure #{started.Id} (claim token 1)", fenced.Reason, StringComparison.Ordinal);
        Assert.Contains("the world refused its effect: fenced: stale claim token 1 (accepted: 2) for DnsUpdate", fenced.Reason, StringComparison.Ordinal);
        Assert.Equal(zombie.Get<WorkerIdentity>().Id, fenced.Actor);
        Assert.Single(audit, r => r.ToState == ProcedureStates.Completed);
        Assert.DoesNotContain(audit, r => r.ToState == ProcedureStates.WaitingForOperator);
    }

    [Fact]
    public async Task AWorkerCutOffFromTheDatabase_StopsItsActionWhenItsLeaseRunsOut_SoItsEffectNeverHappens_AndTheProcedureCompletesOnce()
    {
        var directory = Path.Combine(Path.GetTempPath(), "orch-engine-" + Guid.NewGuid().ToString("N")[..8]);
        await using var zombie = await TestOrchestrator.StartAsync(runsJobs: false, engine: ShortLease(), directory: directory,
            configure: s => s.AddSingleton(sp => InterceptedProcedureStore.WithStalledRenewals(new SqliteProcedureStore(sp.GetRequiredService<SqliteConnectionFactory>()))));
        await zombie.World.SetLatencyAsync(EffectKind.DnsUpdate, TimeSpan.FromSeconds(5));
        var started = await zombie.SwitchoverAsync("node2");
        var dns = (await zombie.Store.GetStepsAsync(started.Id, CancellationToken.None)).Single(s => s.Action == StepActions.DnsUpdate).Seq;

        // Its renewals hang (a silent network): one lease after the last that got through, it stops the DNS call it is
        // waiting in and commits nothing — well before the call's five seconds are up.
        var zombieJob = Task.Run(() => zombie.Get<ProcedureRunner>().RunAsync(started.Id, 1, CancellationToken.None));
        await WaitUntilAsync(async () => (await zombie.Store.GetStepsAsync(started.Id, CancellationToken.None))[dns - 1].Status == StepStatus.Running);
        await zombieJob.WaitAsync(TimeSpan.FromSeconds(4));
        Assert.Equal(0, (await zombie.World.SnapshotAsync(CancellationToken.None)).Calls.GetValueOrDefault(EffectKind.DnsUpdate)); // it never got past the latency

        await using var second = await TestOrchestrator.StartAsync(engine: ShortLease(), directory: directory);
        var view = await second.SettledAsync(started.Id);
        Assert.Equal(ProcedureStates.Completed, view.State);
        Assert.Equal(2, view.Steps[dns - 1].Attempts);
        var world = await second.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(1, world.Calls[EffectKind.DnsUpdate]); // the second runtime's call alone: the zombie's never happened
        Assert.All(world.Applied, a => Assert.Equal(1, a.Value));
        Assert.Equal(0, world.Replayed.GetValueOrDefault(EffectKind.DnsUpdate));
        Assert.Equal(0, world.Fenced.Values.Sum());

        var audit = await second.Mediator.Send(new ListAuditQuery("exch1", started.Id));
        var fenced = Assert.Single(audit, r => r.Reason.StartsWith(FencedPrefix, StringComparison.Ordinal));
        Assert.Contains($"step {dns} of procedure #{started.Id} (claim token 1)", fenced.Reason, StringComparison.Ordinal);
        Assert.Contains("its lease ran out while the action ran, no renewal having got through", fenced.Reason, StringComparison.Ordinal);
        Assert.Single(audit, r => r.ToState == ProcedureStates.Completed);
    }

    [Fact]
    public async Task AStepRunningThreeLeases_KeepsItsClaimByHeartbeat_AndCompletesOnce()
    {
        await using var o = await TestOrchestrator.StartAsync(engine: ShortLease());
        await o.World.SetLatencyAsync(EffectKind.DnsUpdate, TimeSpan.FromSeconds(3));
        var started = await o.SwitchoverAsync("node2");
        var view = await o.SettledAsync(started.Id);

        Assert.Equal(ProcedureStates.Completed, view.State);
        Assert.All(view.Steps, s => Assert.Equal((StepStatus.Done, 1), (s.Status, s.Attempts)));
        Assert.All(await o.Store.GetStepsAsync(started.Id, CancellationToken.None), s => Assert.Equal(1, s.ClaimToken)); // no second claim
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.All(world.Applied, a => Assert.Equal(1, a.Value));
        Assert.Equal(0, world.Replayed.Values.Sum());
        Assert.DoesNotContain(await o.Mediator.Send(new ListAuditQuery("exch1", started.Id)), r => r.Reason.StartsWith(FencedPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AHungEffect_StopsForAnOperator_WithinMaxWaitAndTwoSeconds_NamingTheStep_AndARetryGetsAFreshMaxWait()
    {
        var yaml = Workflows.Samples.Read("two-node").Replace("        - name: MSExchangeIS\n", "        - name: MSExchangeIS\n          maxwait: 1\n", StringComparison.Ordinal);
        Assert.Contains("maxwait: 1", yaml, StringComparison.Ordinal);
        var hang = new HangingServiceStart("MSExchangeIS");
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: yaml,
            configure: s => s.AddSingleton<IServiceControl>(sp => hang.Over(sp.GetRequiredService<SimulatedWorld>())));
        hang.Hanging = true; // the start of MSExchangeIS never returns, whatever its cancellation token says

        var started = await o.SwitchoverAsync("node2");
        var view = await o.SettledAsync(started.Id, TimeSpan.FromSeconds(20));

        Assert.Equal(ProcedureStates.WaitingForOperator, view.State);
        var failed = Assert.Single(view.Steps, s => s.Status == StepStatus.Failed);
        Assert.Equal((StepActions.ServiceStart, "MSExchangeIS", "node2"), (failed.Action, failed.Target, failed.Node));
        Assert.Contains($"start service MSExchangeIS on node2: step {failed.Seq} did not finish within MAXWAIT 1 s", view.LastError, StringComparison.Ordinal);
        var firstStarted = (await o.Store.GetStepsAsync(started.Id, CancellationToken.None))[failed.Seq - 1].FirstStartedAt!.Value;
        var stopped = (await o.Mediator.Send(new ListAuditQuery("exch1", started.Id)))[^1];
        Assert.Equal(ProcedureTriggers.MaxWaitExceeded, stopped.TriggerName);
        Assert.InRange(stopped.At - firstStarted, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3)); // MAXWAIT 1 s (timers may fire a hair early), + 2 s

        // The retry comes later than the first MAXWAIT would allow: the retried step gets its own.
        hang.Hanging = false;
        await o.Mediator.Send(new RetryProcedureCommand(started.Id, "tester"));
        var retried = await o.SettledAsync(started.Id);
        Assert.Equal(ProcedureStates.Completed, retried.State);
        var restarted = (await o.Store.GetStepsAsync(started.Id, CancellationToken.None))[failed.Seq - 1].FirstStartedAt!.Value;
        Assert.True(restarted > stopped.At, $"the retried step's MAXWAIT counts from {restarted:O}, not from its first start");
    }

    [Fact]
    public async Task TheWorldsHangFault_StopsTheStepForAnOperator_WithinMaxWaitAndTwoSeconds_AndARetryAfterItEndsCompletes()
    {
        var yaml = System.Text.RegularExpressions.Regex.Replace(Workflows.Samples.Read("two-node"), "(?m)^(        - name: \\w+)$", "$1\n          maxwait: 1");
        Assert.Equal(5, System.Text.RegularExpressions.Regex.Matches(yaml, "maxwait: 1\n").Count); // every service of exch1
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: yaml);
        await o.World.HangAsync(EffectKind.ServiceStart); // `world hang ServiceStart`: every start never returns

        var started = await o.SwitchoverAsync("node2");
        var view = await o.SettledAsync(started.Id, TimeSpan.FromSeconds(20));

        Assert.Equal(ProcedureStates.WaitingForOperator, view.State);
        var failed = Assert.Single(view.Steps, s => s.Status == StepStatus.Failed);
        Assert.Equal((StepActions.ServiceStart, "node2"), (failed.Action, failed.Node));
        Assert.Contains($"step {failed.Seq} did not finish within MAXWAIT 1 s", view.LastError, StringComparison.Ordinal);
        var firstStarted = (await o.Store.GetStepsAsync(started.Id, CancellationToken.None))[failed.Seq - 1].FirstStartedAt!.Value;
        var stopped = (await o.Mediator.Send(new ListAuditQuery("exch1", started.Id)))[^1];
        Assert.Equal(ProcedureTriggers.MaxWaitExceeded, stopped.TriggerName);
        Assert.InRange(stopped.At - firstStarted, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3));
        Assert.Equal(0, (await o.World.SnapshotAsync(CancellationToken.None)).Calls.GetValueOrDefault(EffectKind.ServiceStart)); // nothing applied nor counted

        await o.World.SetLatencyAsync(EffectKind.ServiceStart, TimeSpan.Zero); // the agent answers again
        await o.Mediator.Send(new RetryProcedureCommand(started.Id, "tester"));
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(started.Id)).State);
    }

    [Fact]
    public async Task AChainedStep_WhoseCommitHitsABusyDatabase_IsGivenBackAtOnce_NotAfterItsLease()
    {
        const int Interrupted = 5;
        var failures = 0;
        await using var o = await TestOrchestrator.StartAsync(configure: s => s.AddSingleton(sp => InterceptedProcedureStore.Around(
            new SqliteProcedureStore(sp.GetRequiredService<SqliteConnectionFactory>()),
            (name, args) => name == nameof(IProcedureStore.CommitTransitionAsync) && args[0] is TransitionCommit { HeldClaim.Seq: Interrupted }
                && Interlocked.Exchange(ref failures, 1) == 0
                    ? Task.FromException<TransitionOutcome>(new Microsoft.Data.Sqlite.SqliteException("database is locked", 5))
                    : null)));
        Assert.Equal(TimeSpan.FromSeconds(30), o.Get<EngineOptions>().ClaimLease);

        var started = await o.SwitchoverAsync("node2");
        var view = await o.SettledAsync(started.Id, TimeSpan.FromSeconds(15)); // well within the 30 s lease

        Assert.Equal(1, failures);
        Assert.Equal(ProcedureStates.Completed, view.State);
        Assert.All(view.Steps, s => Assert.Equal((StepStatus.Done, 1), (s.Status, s.Attempts))); // the interrupted attempt was not spent
        Assert.Equal(2, (await o.Store.GetStepsAsync(started.Id, CancellationToken.None))[Interrupted - 1].ClaimToken); // claimed again
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.All(world.Applied, a => Assert.Equal(1, a.Value));
        Assert.InRange(world.Replayed.Values.Sum(), 0, 1); // the interrupted step's effect, asked again
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 20 s");
            await Task.Delay(10);
        }
    }
}
