using Microsoft.Data.Sqlite;
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

    [Fact]
    public async Task A_service_rows_flag_has_no_index_to_dirty_and_a_file_made_with_one_loses_it()
    {
        Assert.Empty(await ServiceIndexesAsync(null));

        await ServiceIndexesAsync("CREATE INDEX world_services_by_indexed ON world_services (indexed) WHERE indexed IS NOT NULL;");
        Assert.Single(await ServiceIndexesAsync(null));
        await T.OpenAgain().EnsureStoppedAsync("node1", "MSExchangeIS", T.Key(), None);

        Assert.Empty(await ServiceIndexesAsync(null));
        Assert.Equal(ServiceState.Stopped, await T.World.GetStateAsync("node1", "MSExchangeIS", None));
    }

    /// <summary>Runs <paramref name="sql"/> (when given) on its own connection, then lists the indexes of world_services but its key's.</summary>
    private async Task<List<string>> ServiceIndexesAsync(string? sql)
    {
        await using var connection = new SqliteConnection($"Data Source={T.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        if (sql is not null)
        {
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }

        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'world_services' AND sql IS NOT NULL;";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
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
