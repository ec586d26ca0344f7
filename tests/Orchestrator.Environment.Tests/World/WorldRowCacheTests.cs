using Microsoft.Data.Sqlite;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

/// <summary>
/// Issue 11: the store's kept write connection remembers the rows earlier updates read and wrote
/// (<see cref="WorldRowCache"/>), so an effect like earlier ones reads no row of the world's tables; any other
/// connection's commit (another store, another process, a raw SQL write) makes it read everything again, and a failed
/// update leaves nothing of itself behind.
/// </summary>
public sealed class WorldRowCacheTests : SeededWorldTests
{
    [Fact]
    public async Task An_effect_like_earlier_ones_reads_no_row_of_the_world_tables()
    {
        await T.SwitchOverAsync("node1", "node2");
        await T.SwitchOverAsync("node2", "node1");

        await T.World.EnsureStoppedAsync("node1", "MSExchangeIS", T.Key(), None);

        Assert.Equal(0, T.Store.LastUpdateRows.Read);
        var snapshot = await T.SnapshotAsync();
        Assert.Equal(ServiceState.Stopped, snapshot.ServiceStateOn("node1", "MSExchangeIS"));
        Assert.Equal(2, snapshot.AppliedCount(EffectKind.ServiceStop, "node1", "MSExchangeIS"));
    }

    [Fact]
    public async Task Another_stores_fault_and_effect_are_seen_by_the_next_effect()
    {
        await T.SwitchOverAsync("node1", "node2");
        await T.SwitchOverAsync("node2", "node1");
        var other = T.OpenAgain();

        await other.FailNextAsync(EffectKind.ServiceStop, "MSExchangeIS", 1, None);
        await Assert.ThrowsAsync<EnvironmentException>(() => T.World.EnsureStoppedAsync("node1", "MSExchangeIS", T.Key(), None));

        // The other store stops it (its second stop on node1, the first was the switchover's); this one finds it stopped.
        await other.EnsureStoppedAsync("node1", "MSExchangeIS", T.Key(), None);
        var noOps = (await T.SnapshotAsync()).NoOps.GetValueOrDefault(EffectKind.ServiceStop);
        await T.World.EnsureStoppedAsync("node1", "MSExchangeIS", T.Key(), None);
        var snapshot = await T.SnapshotAsync();
        Assert.Equal(2, snapshot.AppliedCount(EffectKind.ServiceStop, "node1", "MSExchangeIS"));
        Assert.Equal(noOps + 1, snapshot.NoOps[EffectKind.ServiceStop]);
    }

    [Fact]
    public async Task A_raw_write_to_the_file_between_two_effects_is_read()
    {
        await T.World.EnsureStoppedAsync("node1", "MSExchangeIS", T.Key(), None);
        await T.World.EnsureStartedAsync("node1", "MSExchangeIS", T.Key(), None);

        await using (var connection = new SqliteConnection($"Data Source={T.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE world_services SET json = replace(json, '\"State\":\"Running\"', '\"State\":\"Stopped\"'), indexed = 'idle' WHERE key = 'MSExchangeIS' AND scope = 'node1';";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        Assert.Equal(ServiceState.Running, await T.World.EnsureStartedAsync("node1", "MSExchangeIS", T.Key(), None));
        Assert.True(T.Store.LastUpdateRows.Read > 0, $"{T.Store.LastUpdateRows}");
        Assert.Equal(2, (await T.SnapshotAsync()).AppliedCount(EffectKind.ServiceStart, "node1", "MSExchangeIS"));
    }

    [Fact]
    public async Task An_update_that_throws_leaves_nothing_of_itself_for_the_next_one()
    {
        await T.World.EnsureStoppedAsync("node1", "MSExchangeIS", T.Key(), None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => T.Store.UpdateAsync<int>(
            state =>
            {
                state.Nodes["node1"].Services["MSExchangeIS"].State = ServiceState.Running;
                state.Counters.Calls["ServiceStop"] = 1000;
                throw new InvalidOperationException("the mutation fails");
            },
            None));

        Assert.Equal(ServiceState.Stopped, await T.Store.UpdateAsync(s => s.Nodes["node1"].Services["MSExchangeIS"].State, None));
        Assert.Equal(1, (await T.SnapshotAsync()).Calls[EffectKind.ServiceStop]);
    }
}
