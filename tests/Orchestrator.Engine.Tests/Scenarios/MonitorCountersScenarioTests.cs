using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Engine.Queries.ListProcedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Host.Monitoring;
using Orchestrator.Storage.Leadership;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>
/// Issue 13: the monitor's counters live in the database, so a new leader resumes them instead of starting from zero;
/// they are written only when one changes, so an idle round writes nothing.
/// </summary>
public sealed class MonitorCountersScenarioTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ANewLeader_ResumesTheOldLeadersFailureCount_AndFailsOverOnItsFirstCheckAtTheThreshold()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
        var directory = Path.Combine(Path.GetTempPath(), "orch-engine-" + Guid.NewGuid().ToString("N")[..8]);
        await using var a = await TestOrchestrator.StartAsync(runsJobs: false, directory: directory, time: clock);
        await using var b = await TestOrchestrator.StartAsync(runsJobs: false, directory: directory, time: clock);
        var monitorA = ActivatorUtilities.CreateInstance<HealthMonitor>(a.Get<IServiceProvider>());
        var monitorB = ActivatorUtilities.CreateInstance<HealthMonitor>(b.Get<IServiceProvider>());
        var leaders = a.Get<ILeaderStore>();
        var termA = await leaders.TryAcquireOrRenewAsync(LeaderRoles.Singletons, "host-a:1:a", clock.GetUtcNow(), Lease, guarded: false, CancellationToken.None);

        await a.World.FailNodeAsync("node1");
        await monitorA.CheckOnceAsync(new LeaderFence(termA!, clock), CancellationToken.None);
        await monitorA.CheckOnceAsync(new LeaderFence(termA!, clock), CancellationToken.None); // two of three
        await leaders.ReleaseAsync(termA!, clock.GetUtcNow(), CancellationToken.None); // A stops cleanly
        var termB = await leaders.TryAcquireOrRenewAsync(LeaderRoles.Singletons, "host-b:2:b", clock.GetUtcNow(), Lease, guarded: false, CancellationToken.None);

        await monitorB.CheckOnceAsync(new LeaderFence(termB!, clock), CancellationToken.None);

        var failover = Assert.Single(await b.Mediator.Send(new ListProceduresQuery("exch1")));
        Assert.Equal(("failover", "monitor"), (failover.Kind, failover.RequestedBy));
        Assert.Contains("on 3 consecutive checks", failover.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuietRounds_WriteNoCounters_AfterTheFirstRecordedWhereTheNodesAreHealthy()
    {
        var saves = new CountingCounterStore();
        await using var o = await TestOrchestrator.StartAsync(runsJobs: false,
            configure: s => s.AddSingleton<IMonitorCounterStore>(sp => saves.Around(ActivatorUtilities.CreateInstance<Storage.Sqlite.SqliteMonitorCounterStore>(sp))));
        var monitor = ActivatorUtilities.CreateInstance<HealthMonitor>(o.Get<IServiceProvider>());

        await monitor.CheckOnceAsync(CancellationToken.None); // records since when node1 and node2 are healthy
        Assert.Equal(1, saves.Saves);
        for (var i = 0; i < 5; i++)
        {
            await monitor.CheckOnceAsync(CancellationToken.None);
        }

        Assert.Equal(1, saves.Saves);
        await o.World.FailNodeAsync("node1");
        await monitor.CheckOnceAsync(CancellationToken.None); // a failure counted, node1 no longer healthy: one write
        Assert.Equal(2, saves.Saves);
        Assert.Contains(await saves.LoadAsync(CancellationToken.None), c => c.Failures == 1 && c.Subject.StartsWith("exch1/", StringComparison.Ordinal));
    }

    /// <summary>Counts the saves of the real store it wraps.</summary>
    private sealed class CountingCounterStore : IMonitorCounterStore
    {
        private IMonitorCounterStore? _inner;

        public int Saves { get; private set; }

        public IMonitorCounterStore Around(IMonitorCounterStore inner)
        {
            _inner = inner;
            return this;
        }

        public Task<IReadOnlyList<MonitorCounter>> LoadAsync(CancellationToken cancellationToken) => _inner!.LoadAsync(cancellationToken);

        public Task SaveAsync(IReadOnlyList<MonitorCounter> changes, CancellationToken cancellationToken)
        {
            Saves++;
            return _inner!.SaveAsync(changes, cancellationToken);
        }
    }
}
