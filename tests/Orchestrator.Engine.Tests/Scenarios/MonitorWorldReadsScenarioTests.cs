using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.World;
using Orchestrator.Host.Monitoring;
using Orchestrator.Storage.Holds;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>
/// Issue 11 (idle serve): a quiet monitor round reads the world a fixed number of times — the nodes' probes in one read,
/// the paths' in one, every node's resources in one — however many nodes, paths and hierarchies there are. Counted at the
/// store edge by a decorator of <see cref="IWorldStateStore"/>; and it reads the switchback holds once, not once per
/// hierarchy.
/// </summary>
public sealed class MonitorWorldReadsScenarioTests
{
    [Fact]
    public async Task AQuietRound_ReadsTheWorldAFixedNumberOfTimes_NotOncePerNodePathOrHierarchy()
    {
        var small = await QuietRoundReadsAsync(hierarchies: 2);
        var large = await QuietRoundReadsAsync(hierarchies: 6);

        Assert.Equal(small.World, large.World);
        Assert.True(large.World <= 3, $"a quiet round at 12 nodes read the world {large.World} times (nodes, paths and resources should take one read each)");
    }

    [Fact]
    public async Task AQuietRound_ReadsTheSwitchbackHoldsOnce_NotOncePerHierarchy()
    {
        var small = await QuietRoundReadsAsync(hierarchies: 2);
        var large = await QuietRoundReadsAsync(hierarchies: 6);

        Assert.Equal(small.Holds, large.Holds);
        Assert.Equal(1, large.Holds);
    }

    private static async Task<(int World, int Holds)> QuietRoundReadsAsync(int hierarchies)
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: StormScenarioTests.Cluster(hierarchies), configure: CountWorldReads);
        var monitor = o.Get<HealthMonitor>();
        var store = o.Get<CountingWorldStateStore>();
        var holds = o.Get<CountingHoldStore>();
        await monitor.CheckOnceAsync(CancellationToken.None); // warm: the first round may reconcile the world

        await store.Watch(() => monitor.CheckOnceAsync(CancellationToken.None));

        Assert.Equal(0, store.WatchedUpdates); // a quiet round changes nothing in the world
        Assert.Empty(await o.Store.ListActiveAsync(CancellationToken.None)); // and starts nothing: it is quiet
        return (store.WatchedReads, holds.Reads);
    }

    private static void CountWorldReads(IServiceCollection services)
    {
        services.AddSingleton(sp => new CountingWorldStateStore(sp.GetRequiredService<SqliteWorldStateStore>()));
        services.AddSingleton<IWorldStateStore>(sp => sp.GetRequiredService<CountingWorldStateStore>());
        services.AddSingleton(sp => new CountingHoldStore(ActivatorUtilities.CreateInstance<SqliteSwitchbackHoldStore>(sp), sp.GetRequiredService<CountingWorldStateStore>()));
        services.AddSingleton<ISwitchbackHoldStore>(sp => sp.GetRequiredService<CountingHoldStore>());
    }

    /// <summary>The switchback holds at the storage edge, counting the reads (one hierarchy's or all at once) in the flow the world store watches.</summary>
    private sealed class CountingHoldStore(ISwitchbackHoldStore inner, CountingWorldStateStore flow) : ISwitchbackHoldStore
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public Task HoldAsync(string hierarchy, string switchback, long procedureId, DateTimeOffset at, CancellationToken cancellationToken) =>
            inner.HoldAsync(hierarchy, switchback, procedureId, at, cancellationToken);

        public Task ReleaseAsync(string hierarchy, long procedureId, CancellationToken cancellationToken) =>
            inner.ReleaseAsync(hierarchy, procedureId, cancellationToken);

        public Task<string?> HeldAsync(string hierarchy, CancellationToken cancellationToken)
        {
            Count();
            return inner.HeldAsync(hierarchy, cancellationToken);
        }

        public Task<IReadOnlyDictionary<string, string>> ListHeldAsync(CancellationToken cancellationToken)
        {
            Count();
            return inner.ListHeldAsync(cancellationToken);
        }

        private void Count()
        {
            if (flow.Watching)
            {
                Interlocked.Increment(ref _reads);
            }
        }
    }
}
