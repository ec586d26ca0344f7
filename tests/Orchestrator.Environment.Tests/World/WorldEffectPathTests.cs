using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

/// <summary>
/// Issue 11: the cost of one effect through the SQLite world. An effect is one update of the store (the injected latency
/// is read inside it, not by a read of its own), and the update's statements are prepared once per store, not per effect.
/// </summary>
public sealed class WorldEffectPathTests : SeededWorldTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_effect_without_injected_latency_is_one_update_of_the_store_and_nothing_else()
    {
        var store = new CountingWorldStore(T.Store);
        var world = new SimulatedWorld(store, T.Time);

        await world.EnsureStoppedAsync("node1", "MSExchangeIS", T.Key(), None);

        Assert.Equal((0, 0, 1), (store.Reads, store.LatencyReads, store.Updates));
        Assert.Equal(ServiceState.Stopped, await T.World.GetStateAsync("node1", "MSExchangeIS", None));
    }

    [Fact]
    public async Task An_effect_with_injected_latency_waits_it_before_anything_is_applied_or_counted()
    {
        await T.World.SetLatencyAsync(EffectKind.ServiceStop, TimeSpan.FromSeconds(2), None);
        var store = new CountingWorldStore(T.Store);
        var world = new SimulatedWorld(store, T.Time);

        var stop = world.EnsureStoppedAsync("node1", "MSExchangeIS", T.Key(), None);
        await WaitUntilAsync(() => store.Updates == 1);
        Assert.False(stop.IsCompleted);
        var waiting = await T.SnapshotAsync();
        Assert.Equal(0, waiting.Calls[EffectKind.ServiceStop]);
        Assert.Equal(ServiceState.Running, waiting.ServiceStateOn("node1", "MSExchangeIS"));

        T.Time.Advance(TimeSpan.FromSeconds(2));
        await stop.WaitAsync(Patience);

        var done = await T.SnapshotAsync();
        Assert.Equal(1, done.Calls[EffectKind.ServiceStop]);
        Assert.Equal(ServiceState.Stopped, done.ServiceStateOn("node1", "MSExchangeIS"));
        Assert.Equal(0, store.LatencyReads);
    }

    [Fact]
    public async Task An_effect_like_earlier_ones_prepares_no_statement_and_still_sees_another_processes_writes()
    {
        await T.SwitchOverAsync("node1", "node2");
        await T.SwitchOverAsync("node2", "node1");

        await T.World.EnsureStoppedAsync("node1", "MSExchangeIS", T.Key(), None);
        Assert.Equal(0, T.Store.LastUpdateRows.Prepared);

        // Another process starts it again; this store's kept statements read the row that process wrote.
        await T.OpenAgain().EnsureStartedAsync("node1", "MSExchangeIS", T.Key(), None);
        await T.World.EnsureStoppedAsync("node1", "MSExchangeIS", T.Key(), None);
        Assert.Equal(0, T.Store.LastUpdateRows.Prepared);
        var snapshot = await T.SnapshotAsync();
        Assert.Equal(ServiceState.Stopped, snapshot.ServiceStateOn("node1", "MSExchangeIS"));
        Assert.Equal(3, snapshot.AppliedCount(EffectKind.ServiceStop, "node1", "MSExchangeIS"));
    }

    [Fact]
    public async Task An_update_reads_a_services_hierarchies_from_the_members_index_once()
    {
        var found = await T.Store.UpdateAsync(
            state => WorldLookup.HierarchiesRunning(state, "MSExchangeIS").Count() + WorldLookup.HierarchiesRunning(state, "msexchangeis").Count(),
            None);

        Assert.Equal(2, found);
        // At most: the file's data version (is the store's row cache still valid?), the members index, the hierarchy's row.
        Assert.True(T.Store.LastUpdateRows.Statements <= 3, $"{T.Store.LastUpdateRows}");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out");
            await Task.Delay(10);
        }
    }
}
