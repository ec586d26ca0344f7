using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Host.Leadership;
using Orchestrator.Host.Runtime;
using Orchestrator.Storage.Leadership;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>
/// Issue 13: the single-instance roles (sweeper, replica scheduling, health monitor) run only in the runner that holds
/// the leader term, renewed every lease/3; steps still run in every runner. Without the runner lock's guard here, so
/// that another (simulated) runner can hold the term.
/// </summary>
public sealed class LeaderElectionTests
{
    private const string Other = "other-host:4242:aaaaaaaa";

    private static EngineOptions ShortLease()
    {
        var options = TestOrchestrator.FastRetries();
        options.ClaimLease = TimeSpan.FromMilliseconds(600); // renewed every 200 ms
        return options;
    }

    private static Task<TestOrchestrator> UnguardedAsync(string directory) =>
        TestOrchestrator.StartAsync(engine: ShortLease(), directory: directory, configure: s => s.AddSingleton(new LeaderElectionOptions { Guarded = false }));

    private static string NewDirectory() => Path.Combine(Path.GetTempPath(), "orch-engine-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task ACommittedStepWithNoJob_IsNotSwept_WhileAnotherRunnerLeads_AndIsSweptWithinOneRenewalOnceItReleases()
    {
        var directory = NewDirectory();
        long id;
        LeaderTerm others;
        await using (var recorder = await TestOrchestrator.StartAsync(runsJobs: false, directory: directory))
        {
            id = (await recorder.SwitchoverAsync("node2")).Id; // committed, never enqueued: only a sweeper dispatches it
            others = (await recorder.Get<ILeaderStore>().TryAcquireOrRenewAsync(
                LeaderRoles.Singletons, Other, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1), guarded: false, CancellationToken.None))!;
        }

        await using var runner = await UnguardedAsync(directory);
        var runtime = runner.Get<OrchestratorRuntime>();
        Assert.Null(runtime.Leading);
        await Task.Delay(1000); // five renewals
        Assert.Null(runtime.Leading);
        Assert.Equal("Preparing", (await runner.Store.GetAsync(id, CancellationToken.None))!.State);

        await runner.Get<ILeaderStore>().ReleaseAsync(others, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(ProcedureStates.Completed, (await runner.SettledAsync(id, TimeSpan.FromSeconds(10))).State);
        // Epoch 2 — or later when a renewal on this loaded machine came after its short lease (its own expiry raises it too).
        Assert.Equal(runner.Get<WorkerIdentity>().Id, runtime.Leading!.Holder);
        Assert.True(runtime.Leading.Epoch >= 2);
    }

    [Fact]
    public async Task ARunnerThatLosesTheTerm_StopsItsRolesWithinOneRenewal_AndHeartbeatsItsRunnerRow()
    {
        var directory = NewDirectory();
        await using var runner = await UnguardedAsync(directory);
        var runtime = runner.Get<OrchestratorRuntime>();
        var me = runner.Get<WorkerIdentity>().Id;
        var store = runner.Get<ILeaderStore>();
        var leading = runtime.Leading!;
        Assert.Equal(me, leading.Holder);

        var taken = await store.TryAcquireOrRenewAsync(LeaderRoles.Singletons, Other, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1), guarded: true, CancellationToken.None);
        Assert.True(taken!.Epoch > leading.Epoch);
        // One renewal (200 ms), and a margin for a loaded machine (two cores shared by several builds).
        var lostBy = DateTime.UtcNow + TimeSpan.FromMilliseconds(200) + TimeSpan.FromSeconds(3);
        while (runtime.Leading is not null && DateTime.UtcNow < lostBy + TimeSpan.FromSeconds(5))
        {
            await Task.Delay(10);
        }

        Assert.Null(runtime.Leading);
        Assert.True(DateTime.UtcNow <= lostBy, $"the roles still ran {DateTime.UtcNow - lostBy} after one renewal and a margin once the term was lost");
        var seen = Assert.Single(await store.ListRunnersAsync(CancellationToken.None));
        Assert.Equal((me, System.Environment.ProcessId), (seen.RunnerId, (int)seen.Pid));
        Assert.True(DateTimeOffset.UtcNow - seen.LastSeenAt < TimeSpan.FromSeconds(2), $"the runner's heartbeat is {DateTimeOffset.UtcNow - seen.LastSeenAt} old");
    }

    [Fact]
    public async Task ANewLeader_ForgetsRunnersSilentForAHundredLeases_ButListsRecentlySilentOnes()
    {
        var directory = NewDirectory();
        var now = DateTimeOffset.UtcNow;
        await using (var recorder = await TestOrchestrator.StartAsync(runsJobs: false, directory: directory))
        {
            var store = recorder.Get<ILeaderStore>();
            await store.HeartbeatAsync(new RunnerRecord { RunnerId = "gone-long-ago", Host = "h", Pid = 1, StartedAt = now.AddHours(-3), LastSeenAt = now.AddHours(-2) }, CancellationToken.None);
            await store.HeartbeatAsync(new RunnerRecord { RunnerId = "killed-just-now", Host = "h", Pid = 2, StartedAt = now.AddHours(-1), LastSeenAt = now.AddSeconds(-5) }, CancellationToken.None);
        }

        await using var runner = await TestOrchestrator.StartAsync(directory: directory); // lease 30 s: forgotten after 50 min
        var listed = (await runner.Get<ILeaderStore>().ListRunnersAsync(CancellationToken.None)).Select(r => r.RunnerId).Order().ToList();
        Assert.Equal(new[] { runner.Get<WorkerIdentity>().Id, "killed-just-now" }.Order(), listed);
    }
}
