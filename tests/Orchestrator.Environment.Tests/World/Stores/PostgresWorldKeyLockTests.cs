using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orchestrator.Environment.PostgreSql;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Environment.Tests.World.Stores;

/// <summary>
/// The PostgreSQL world's optimistic commits lock keys, not the world (db/postgres/0010). Each case holds the commit of
/// one update open inside its batch (the test holds a row lock on a row the batch writes: the batch waits there, after
/// it took its keys and checked its reads) and runs a second update from another store meanwhile: one that touches
/// other keys commits at once; one that writes what the first read, or reads what it writes, waits for it and then
/// sees its write, so no update is lost and no decision is made on a stale read.
/// </summary>
public sealed class PostgresWorldKeyLockTests : PostgresWorldStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.Zero));

    [SkippableFact]
    public async Task Effects_on_two_nodes_commit_while_the_other_commit_is_held_open()
    {
        var definition = SampleCluster.Create(
            SampleCluster.Exchange(),
            SampleCluster.Exchange("EXCH2", "node3", "node2", ["G"], "10.0.0.51", "exch2.contoso.com", ["Svc2A"]));
        var seeded = new SimulatedWorld(Open(), time);
        await seeded.SeedAsync(definition, None);
        await seeded.EnsureStoppedAsync("node2", "MSExchangeIS", new EffectKey(40, 0, 1), None); // writes the faults row a first effect writes
        var (a, b) = (Open(), Open());

        await using var held = await HoldAsync("world_services", "node1", "MSExchangeIS");
        var first = Task.Run(() => new SimulatedWorld(a, time).EnsureStoppedAsync("node1", "MSExchangeIS", new EffectKey(41, 1, 1), None));
        await WaitUntilWaitingAsync(1);
        var second = Task.Run(() => new SimulatedWorld(b, time).EnsureStoppedAsync("node3", "Svc2A", new EffectKey(42, 1, 1), None));

        Assert.Same(second, await Task.WhenAny(second, Task.Delay(Patience)));
        Assert.False(first.IsCompleted, "the first commit was not held open");
        await held.DisposeAsync();
        await first;

        var snapshot = await new SimulatedWorld(Open(), time).SnapshotAsync(None);
        Assert.Equal(ServiceState.Stopped, snapshot.ServiceStateOn("node1", "MSExchangeIS"));
        Assert.Equal(ServiceState.Stopped, snapshot.ServiceStateOn("node3", "Svc2A"));
        Assert.Equal(3, snapshot.Calls[EffectKind.ServiceStop]);
        Assert.Equal((1L, 0L, 0L), (a.Outcomes.OptimisticCommits, a.Outcomes.Conflicts, a.Outcomes.Fallbacks));
        Assert.Equal((1L, 0L, 0L), (b.Outcomes.OptimisticCommits, b.Outcomes.Conflicts, b.Outcomes.Fallbacks));
    }

    [SkippableFact]
    public async Task A_hierarchy_taken_only_if_free_by_two_stores_is_taken_once_when_one_commit_is_held_open()
    {
        await new SimulatedWorld(Open(), time).SeedAsync(SampleCluster.Create(), None);
        var (a, b) = (Open(), Open());
        await a.UpdateAsync(s => s.RoutingGroups["held"] = "0", None);

        await using var held = await HoldAsync("world_routing_groups", "", "held");
        var first = Task.Run(() => a.UpdateAsync(s => TakeIfFree(s, "node2", touch: true), None));
        await WaitUntilWaitingAsync(1);
        var second = Task.Run(() => b.UpdateAsync(s => TakeIfFree(s, "node3", touch: false), None));
        await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(1)));
        await held.DisposeAsync();

        var taken = await Task.WhenAll(first, second);
        Assert.Single(taken, t => t);
        var owner = await Open().ReadAsync(s => s.RoutingGroups[$"owner:{SampleCluster.Hierarchy}"], None);
        Assert.Equal(taken[0] ? "node2" : "node3", owner);
        Assert.True(taken[0], "the held commit took its keys first: the other waited for it and then saw its owner");
        Assert.Equal(1, b.Outcomes.Conflicts);
    }

    [SkippableFact]
    public async Task Two_stores_inserting_into_a_scope_each_scanned_never_exceed_what_both_checked()
    {
        var (a, b) = (Open(), Open());
        await a.UpdateAsync(s => { s.RoutingGroups["slot0"] = "0"; s.RoutingGroups["held"] = "0"; return true; }, None);

        await using var held = await HoldAsync("world_routing_groups", "", "held");
        var first = Task.Run(() => a.UpdateAsync(s => AddSlotIfRoom(s, "slotA", touch: true), None));
        await WaitUntilWaitingAsync(1);
        var second = Task.Run(() => b.UpdateAsync(s => AddSlotIfRoom(s, "slotB", touch: false), None));
        await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(1)));
        await held.DisposeAsync();

        var added = await Task.WhenAll(first, second);
        var slots = await Open().ReadAsync(s => s.RoutingGroups.Keys.Count(k => k.StartsWith("slot", StringComparison.Ordinal)), None);
        Assert.Equal(2, slots);
        Assert.Equal([true, false], added);
    }

    [SkippableFact]
    public async Task An_increment_waits_for_a_held_commit_that_checked_the_count_and_then_adds_to_it()
    {
        var (a, b) = (Open(), Open());
        await a.UpdateAsync(s => { WorldCounters.Increment(s.Counters.Calls, "c"); s.RoutingGroups["held"] = "0"; return true; }, None);

        await using var held = await HoldAsync("world_routing_groups", "", "held");
        var first = Task.Run(() => a.UpdateAsync(
            s =>
            {
                var seen = s.Counters.Calls["c"];
                s.RoutingGroups["seen"] = seen.ToString(CultureInfo.InvariantCulture);
                s.RoutingGroups["held"] = "1";
                return seen;
            },
            None));
        await WaitUntilWaitingAsync(1);
        var second = Task.Run(() => b.UpdateAsync(s => { WorldCounters.Increment(s.Counters.Calls, "c"); return true; }, None));

        Assert.NotSame(second, await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(1))));
        await held.DisposeAsync();
        Assert.Equal(1, await first);
        await second;

        var (count, seenThen) = await Open().ReadAsync(s => (s.Counters.Calls["c"], s.RoutingGroups["seen"]), None);
        Assert.Equal((2L, "1"), (count, seenThen));
    }

    [SkippableFact]
    public async Task The_change_mark_moves_with_every_commit_of_another_store_and_not_with_a_read_or_a_refused_try()
    {
        var (watcher, writer) = (Open(), Open());
        var before = await watcher.ChangeMarkAsync(None);
        Assert.NotNull(before);

        await writer.UpdateAsync(s => s.RoutingGroups["x"] = "1", None);
        var afterOptimistic = await watcher.ChangeMarkAsync(None);
        await writer.UpdateAsync(s => s.RoutingGroups["x"] = $"{Enumerable.Range(0, PostgresWorldStateStore.OptimisticReadLimit + 1).Count(i => s.RoutingGroups.ContainsKey($"y{i}"))}", None);
        var afterLockFirst = await watcher.ChangeMarkAsync(None);
        await writer.ReadAsync(s => s.RoutingGroups["x"], None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.UpdateAsync<bool>(_ => throw new InvalidOperationException("boom"), None));

        Assert.True(afterOptimistic > before, $"{before} -> {afterOptimistic}");
        Assert.True(afterLockFirst > afterOptimistic, $"{afterOptimistic} -> {afterLockFirst}");
        Assert.Equal(afterLockFirst, await watcher.ChangeMarkAsync(None));
        Assert.Equal(1L, writer.Outcomes.Large);
    }

    [SkippableFact]
    public async Task An_update_that_replaces_a_node_and_so_its_services_goes_to_the_lock_first_path_without_a_conflict()
    {
        await new SimulatedWorld(Open(), time).SeedAsync(SampleCluster.Create(), None);
        var store = Open();
        var runs = 0;

        await store.UpdateAsync(
            s =>
            {
                runs++;
                s.Nodes["node3"] = new NodeRecord { Name = "node3" };
                s.Nodes["node3"].Services["Fresh"] = new ServiceRecord { Name = "Fresh" };
                return true;
            },
            None);

        var services = await Open().ReadAsync(s => string.Join(",", s.Nodes["node3"].Services.Keys), None);
        Assert.Equal("Fresh", services);
        Assert.Equal(2, runs); // the optimistic try stopped at its writes, then the lock-first path
        Assert.Equal((0L, 0L, 0L, 1L), (store.Outcomes.OptimisticCommits, store.Outcomes.Conflicts, store.Outcomes.Fallbacks, store.Outcomes.Large));
    }

    /// <summary>"Put the hierarchy on <paramref name="node"/> only if it is on none" (its owner row); <paramref name="touch"/> also writes the held row.</summary>
    private static bool TakeIfFree(WorldState state, string node, bool touch)
    {
        if (touch)
        {
            state.RoutingGroups["held"] = node;
        }

        var key = $"owner:{SampleCluster.Hierarchy}";
        if (state.Hierarchies.ContainsKey(SampleCluster.Hierarchy) && !state.RoutingGroups.ContainsKey(key))
        {
            state.RoutingGroups[key] = node;
            return true;
        }

        return false;
    }

    /// <summary>"Add a slot while there are fewer than two" (a scan of the table, then an insert); <paramref name="touch"/> also writes the held row.</summary>
    private static bool AddSlotIfRoom(WorldState state, string slot, bool touch)
    {
        if (touch)
        {
            state.RoutingGroups["held"] = slot;
        }

        if (state.RoutingGroups.Keys.Count(k => k.StartsWith("slot", StringComparison.Ordinal)) >= 2)
        {
            return false;
        }

        state.RoutingGroups[slot] = "1";
        return true;
    }

    /// <summary>A transaction holding the row lock of one world row until disposed (rolled back).</summary>
    private async Task<NpgsqlTransaction> HoldAsync(string table, string scope, string key)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(None);
        var transaction = await connection.BeginTransactionAsync(None);
        await using var command = new NpgsqlCommand(
            $"SELECT 1 FROM world.{table} WHERE lower(scope) = lower(@scope) AND lower(key) = lower(@key) FOR UPDATE;", connection, transaction);
        command.Parameters.AddWithValue("scope", scope);
        command.Parameters.AddWithValue("key", key);
        Assert.Equal(1, await command.ExecuteScalarAsync(None));
        return transaction;
    }

    /// <summary>Waits until <paramref name="sessions"/> sessions of this database wait on a lock.</summary>
    private async Task WaitUntilWaitingAsync(int sessions)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(None);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock';", connection);
        var deadline = DateTime.UtcNow + Patience;
        while ((long)(await command.ExecuteScalarAsync(None))! < sessions)
        {
            Assert.True(DateTime.UtcNow < deadline, $"fewer than {sessions} session(s) waited on a lock");
            await Task.Delay(20);
        }
    }
}
