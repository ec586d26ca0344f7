using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.World;
using Orchestrator.Host.Monitoring;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>
/// Issue 11 (idle serve): a quiet monitor round reads the world a fixed number of times — the nodes' probes in one read,
/// the paths' in one, every node's resources in one — however many nodes, paths and hierarchies there are. Counted at the
/// store edge by a decorator of <see cref="IWorldStateStore"/>.
/// </summary>
public sealed class MonitorWorldReadsScenarioTests
{
    [Fact]
    public async Task AQuietRound_ReadsTheWorldAFixedNumberOfTimes_NotOncePerNodePathOrHierarchy()
    {
        var small = await QuietRoundReadsAsync(hierarchies: 2);
        var large = await QuietRoundReadsAsync(hierarchies: 6);

        Assert.Equal(small, large);
        Assert.True(large <= 3, $"a quiet round at 12 nodes read the world {large} times (nodes, paths and resources should take one read each)");
    }

    private static async Task<int> QuietRoundReadsAsync(int hierarchies)
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: StormScenarioTests.Cluster(hierarchies), configure: CountWorldReads);
        var monitor = o.Get<HealthMonitor>();
        var store = o.Get<CountingWorldStateStore>();
        await monitor.CheckOnceAsync(CancellationToken.None); // warm: the first round may reconcile the world

        await store.Watch(() => monitor.CheckOnceAsync(CancellationToken.None));

        Assert.Equal(0, store.WatchedUpdates); // a quiet round changes nothing in the world
        Assert.Empty(await o.Store.ListActiveAsync(CancellationToken.None)); // and starts nothing: it is quiet
        return store.WatchedReads;
    }

    private static void CountWorldReads(IServiceCollection services)
    {
        services.AddSingleton(sp => new CountingWorldStateStore(sp.GetRequiredService<SqliteWorldStateStore>()));
        services.AddSingleton<IWorldStateStore>(sp => sp.GetRequiredService<CountingWorldStateStore>());
    }
}
