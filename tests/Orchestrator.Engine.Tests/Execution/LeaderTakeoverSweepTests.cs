using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Host.Leadership;
using Orchestrator.Host.Runtime;
using Orchestrator.Storage.Leadership;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>
/// Issue 13, "Runner death": a runner that gains the leader term while it runs sweeps at once, not one sweep interval
/// later — the steps of a runner that died (its claims expired, its jobs in no queue) are dispatched within the
/// renewal that took the term, which keeps a takeover within one lease plus 2 s.
/// </summary>
public sealed class LeaderTakeoverSweepTests
{
    private const string Other = "other-host:4242:bbbbbbbb";

    [Fact]
    public async Task ARunnerThatGainsTheTermWhileRunning_SweepsAtOnce_NotOneSweepIntervalLater()
    {
        var directory = Path.Combine(Path.GetTempPath(), "orch-engine-" + Guid.NewGuid().ToString("N")[..8]);
        long id;
        LeaderTerm others;
        await using (var recorder = await TestOrchestrator.StartAsync(runsJobs: false, directory: directory))
        {
            id = (await recorder.SwitchoverAsync("node2")).Id; // committed, never enqueued: only a sweeper dispatches it
            others = (await recorder.Get<ILeaderStore>().TryAcquireOrRenewAsync(
                LeaderRoles.Singletons, Other, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1), guarded: false, CancellationToken.None))!;
        }

        var options = TestOrchestrator.FastRetries();
        options.ClaimLease = TimeSpan.FromMilliseconds(600); // the term renewed every 200 ms
        options.SweepInterval = TimeSpan.FromMinutes(10);    // only a sweep at the term's start can dispatch the step in time
        await using var runner = await TestOrchestrator.StartAsync(
            engine: options, directory: directory, configure: s => s.AddSingleton(new LeaderElectionOptions { Guarded = false }));
        var runtime = runner.Get<OrchestratorRuntime>();
        Assert.Null(runtime.Leading);

        await runner.Get<ILeaderStore>().ReleaseAsync(others, DateTimeOffset.UtcNow, CancellationToken.None);
        // One renewal (200 ms) and the procedure's steps, with a wide margin for a loaded machine: far below ten minutes.
        Assert.Equal(ProcedureStates.Completed, (await runner.SettledAsync(id, TimeSpan.FromSeconds(15))).State);
        Assert.Equal(runner.Get<WorkerIdentity>().Id, runtime.Leading!.Holder);
    }
}
