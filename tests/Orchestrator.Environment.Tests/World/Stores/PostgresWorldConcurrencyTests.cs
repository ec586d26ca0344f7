using Microsoft.Extensions.Time.Testing;
using Orchestrator.Environment.PostgreSql;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Environment.Tests.World.Stores;

/// <summary>
/// The PostgreSQL world's optimistic updates (issue 13's storm): two stores on one database, as two runners are, each
/// with its own data source. An update reads without the lock and commits only when what it read is unchanged, so
/// concurrent updates of one row lose nothing, disjoint updates never fall back to the lock, a decision made on a read
/// is never made twice, an effect key is applied once, and a throwing mutation writes nothing. Where a test needs two
/// updates to overlap, both read phases finish before either commits (<see cref="PostgresWorldStateStore.AfterReadPhase"/>).
/// </summary>
public sealed class PostgresWorldConcurrencyTests : PostgresWorldStoreTests
{
    private const int PerTask = 15;
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan OverlapWait = TimeSpan.FromSeconds(5);

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.Zero));

    [SkippableFact]
    public async Task Concurrent_increments_of_one_row_from_two_stores_lose_none()
    {
        var (a, b) = (Open(), Open());
        await a.UpdateAsync(s => s.RoutingGroups["hot"] = "0", None);

        var writers = new[] { a, a, b, b }.Select(store => Task.Run(async () =>
        {
            for (var n = 0; n < PerTask; n++)
            {
                await store.UpdateAsync(
                    s =>
                    {
                        s.RoutingGroups["hot"] = (int.Parse(s.RoutingGroups["hot"], System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                        WorldCounters.Increment(s.Counters.Calls, "hot");
                        return true;
                    },
                    None);
            }
        }));
        await Task.WhenAll(writers);

        var (row, count) = await Open().ReadAsync(s => (s.RoutingGroups["hot"], s.Counters.Calls["hot"]), None);
        Assert.Equal((4 * PerTask).ToString(System.Globalization.CultureInfo.InvariantCulture), row);
        Assert.Equal(4 * PerTask, count);
        Assert.True(a.Outcomes.Conflicts + b.Outcomes.Conflicts > 0, $"the writers never overlapped: {a.Outcomes}; {b.Outcomes}");
        Assert.Equal(2 * PerTask + 1, a.Outcomes.OptimisticCommits + a.Outcomes.Fallbacks); // with the first write
    }

    [SkippableFact]
    public async Task Counter_increments_from_two_stores_whose_reads_overlap_are_deltas_committed_without_conflict()
    {
        var (a, b) = Overlapping();

        await Task.WhenAll(
            Task.Run(() => a.UpdateAsync(s => { WorldCounters.Increment(s.Counters.Calls, "hot"); return true; }, None)),
            Task.Run(() => b.UpdateAsync(s => { WorldCounters.Increment(s.Counters.Calls, "hot"); return true; }, None)));

        Assert.Equal(2, await Open().ReadAsync(s => s.Counters.Calls["hot"], None));
        Assert.Equal((1, 0L, 0L), (a.Outcomes.OptimisticCommits, a.Outcomes.Conflicts, a.Outcomes.Fallbacks));
        Assert.Equal((1, 0L, 0L), (b.Outcomes.OptimisticCommits, b.Outcomes.Conflicts, b.Outcomes.Fallbacks));
    }

    [SkippableFact]
    public async Task Concurrent_updates_of_disjoint_rows_from_two_stores_commit_without_conflict_or_fallback()
    {
        var (a, b) = (Open(), Open());
        var writers = new[] { a, a, b, b }.Select((store, i) => Task.Run(async () =>
        {
            for (var n = 0; n < PerTask; n++)
            {
                await store.UpdateAsync(s => s.RoutingGroups[$"row{i}"] = $"{n}", None);
            }
        }));
        await Task.WhenAll(writers);

        var rows = await Open().ReadAsync(s => string.Join(",", Enumerable.Range(0, 4).Select(i => s.RoutingGroups[$"row{i}"])), None);
        Assert.Equal($"{PerTask - 1},{PerTask - 1},{PerTask - 1},{PerTask - 1}", rows);
        Assert.Equal((2L * PerTask, 0L, 0L), (a.Outcomes.OptimisticCommits, a.Outcomes.Conflicts, a.Outcomes.Fallbacks));
        Assert.Equal((2L * PerTask, 0L, 0L), (b.Outcomes.OptimisticCommits, b.Outcomes.Conflicts, b.Outcomes.Fallbacks));
    }

    [SkippableFact]
    public async Task Two_stores_acquiring_one_address_only_if_free_acquire_it_once_and_the_other_sees_the_owner()
    {
        var (a, b) = Overlapping();

        var results = await Task.WhenAll(
            Task.Run(() => a.UpdateAsync(s => Acquire(s, "10.0.0.9", "node-a"), None)),
            Task.Run(() => b.UpdateAsync(s => Acquire(s, "10.0.0.9", "node-b"), None)));

        Assert.Single(results, r => r is null);
        var loser = results.Single(r => r is not null);
        var owner = await Open().ReadAsync(s => s.Addresses["10.0.0.9"].Owner, None);
        Assert.Equal(owner, loser);
        Assert.Equal(1, a.Outcomes.Conflicts + b.Outcomes.Conflicts);
        Assert.Contains(WorldRowNames.Addresses, a.Outcomes.ConflictsByTable.Keys.Concat(b.Outcomes.ConflictsByTable.Keys));
    }

    [SkippableFact]
    public async Task One_effect_key_applied_concurrently_from_two_stores_is_applied_once_and_replayed_once()
    {
        await new SimulatedWorld(Open(), time).SeedAsync(SampleCluster.Create(), None);
        var (a, b) = Overlapping();
        var key = new EffectKey(42, 3, 1);

        await Task.WhenAll(
            Task.Run(() => new SimulatedWorld(a, time).EnsureStoppedAsync("node1", "MSExchangeIS", key, None)),
            Task.Run(() => new SimulatedWorld(b, time).EnsureStoppedAsync("node1", "MSExchangeIS", key, None)));

        var snapshot = await new SimulatedWorld(Open(), time).SnapshotAsync(None);
        Assert.Equal(ServiceState.Stopped, snapshot.ServiceStateOn("node1", "MSExchangeIS"));
        Assert.Equal(1, snapshot.Applied["ServiceStop:node1/MSExchangeIS"]);
        Assert.Equal("ServiceStop:node1/MSExchangeIS=1", string.Join(", ", snapshot.ReplayedKeys.Select(r => $"{r.Key}={r.Value}")));
        Assert.Equal(2, snapshot.Calls[EffectKind.ServiceStop]);
    }

    [SkippableFact]
    public async Task A_share_removed_and_a_service_stopped_on_one_node_from_two_stores_commit_without_conflict()
    {
        var seeded = new SimulatedWorld(Open(), time);
        await seeded.SeedAsync(SampleCluster.Create(), None);
        await seeded.EnsureSharedAsync("node1", "Address", new EffectKey(42, 0, 1), None); // a no-op, that writes the faults row a first effect writes
        var (a, b) = Overlapping();

        await Task.WhenAll(
            Task.Run(() => new SimulatedWorld(a, time).EnsureRemovedAsync("node1", "Address", new EffectKey(42, 1, 1), None)),
            Task.Run(() => new SimulatedWorld(b, time).EnsureStoppedAsync("node1", "MSExchangeIS", new EffectKey(42, 2, 1), None)));

        var snapshot = await new SimulatedWorld(Open(), time).SnapshotAsync(None);
        Assert.DoesNotContain("Address", snapshot.Node("node1").Shares);
        Assert.Equal(ServiceState.Stopped, snapshot.ServiceStateOn("node1", "MSExchangeIS"));
        Assert.Equal((1, 0L, 0L), (a.Outcomes.OptimisticCommits, a.Outcomes.Conflicts, a.Outcomes.Fallbacks));
        Assert.Equal((1, 0L, 0L), (b.Outcomes.OptimisticCommits, b.Outcomes.Conflicts, b.Outcomes.Fallbacks));
    }

    [SkippableFact]
    public async Task An_update_that_reads_more_than_the_limit_goes_straight_to_the_lock_first_path_without_a_conflict()
    {
        var store = Open();
        var runs = 0;

        var written = await store.UpdateAsync(
            s =>
            {
                runs++;
                var absent = Enumerable.Range(0, PostgresWorldStateStore.OptimisticReadLimit + 1).Count(i => !s.RoutingGroups.ContainsKey($"seed{i}"));
                s.RoutingGroups["seeded"] = $"{absent}";
                return absent;
            },
            None);

        Assert.Equal(PostgresWorldStateStore.OptimisticReadLimit + 1, written);
        Assert.Equal($"{written}", await Open().ReadAsync(s => s.RoutingGroups["seeded"], None));
        Assert.Equal(2, runs); // the optimistic read phase stopped at the limit, then the lock-first path
        Assert.Equal((0L, 0L, 0L, 1L), (store.Outcomes.OptimisticCommits, store.Outcomes.Conflicts, store.Outcomes.Fallbacks, store.Outcomes.Large));
    }

    [SkippableFact]
    public async Task An_update_that_reads_up_to_the_limit_commits_optimistically()
    {
        var store = Open();
        await store.UpdateAsync(s => s.RoutingGroups["seeded"] = "0", None);

        await store.UpdateAsync(
            s => s.RoutingGroups["seeded"] = $"{Enumerable.Range(0, PostgresWorldStateStore.OptimisticReadLimit - 1).Count(i => !s.RoutingGroups.ContainsKey($"seed{i}"))}",
            None);

        Assert.Equal((2L, 0L, 0L, 0L), (store.Outcomes.OptimisticCommits, store.Outcomes.Conflicts, store.Outcomes.Fallbacks, store.Outcomes.Large));
    }

    [SkippableFact]
    public async Task Seeding_again_a_world_of_many_hierarchies_goes_straight_to_the_lock_first_path_without_a_conflict()
    {
        var definition = SampleCluster.Create([.. Enumerable.Range(1, 30).Select(i =>
            SampleCluster.Exchange($"EXCH{i}", volumes: [$"V{i}A", $"V{i}B"], address: $"10.0.1.{i}", dnsName: $"exch{i}.lab.local", services: [$"Svc{i}A", $"Svc{i}B"]))]);
        await new SimulatedWorld(Open(), time).SeedAsync(definition, None);
        var store = Open();

        // What a runner's reconciler does at start: the whole world is read to find what the definition adds.
        Assert.Empty(await new SimulatedWorld(store, time).SeedAsync(definition, None));

        Assert.True(store.LastUpdateRows.Read > PostgresWorldStateStore.OptimisticReadLimit, $"{store.LastUpdateRows}");
        Assert.Equal((0L, 0L, 0L, 1L), (store.Outcomes.OptimisticCommits, store.Outcomes.Conflicts, store.Outcomes.Fallbacks, store.Outcomes.Large));
    }

    [SkippableFact]
    public async Task A_mutation_that_throws_on_its_optimistic_try_writes_nothing_and_is_not_tried_again()
    {
        var store = Open();
        await store.UpdateAsync(s => s.RoutingGroups["kept"] = "before", None);
        var runs = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.UpdateAsync<bool>(
            s =>
            {
                runs++;
                s.RoutingGroups["kept"] = "after";
                s.RoutingGroups["added"] = "new";
                WorldCounters.Increment(s.Counters.Calls, "thrown");
                throw new InvalidOperationException("boom");
            },
            None));

        var (kept, added, count) = await Open().ReadAsync(
            s => (s.RoutingGroups["kept"], s.RoutingGroups.ContainsKey("added"), s.Counters.Calls.GetValueOrDefault("thrown")), None);
        Assert.Equal(("before", false, 0L), (kept, added, count));
        Assert.Equal(1, runs);
        Assert.Equal((1L, 0L, 0L), (store.Outcomes.OptimisticCommits, store.Outcomes.Conflicts, store.Outcomes.Fallbacks));
    }

    /// <summary>"Acquire the address for <paramref name="node"/> only if nobody holds it": null when acquired, else the holder.</summary>
    private static string? Acquire(WorldState state, string address, string node)
    {
        if (state.Addresses.TryGetValue(address, out var held) && held.Owner is { } owner)
        {
            return owner;
        }

        state.Addresses[address] = new AddressRecord { Address = address, Owner = node };
        return null;
    }

    /// <summary>Two stores whose first optimistic tries each wait (up to <see cref="OverlapWait"/>) until both have read.</summary>
    private (PostgresWorldStateStore A, PostgresWorldStateStore B) Overlapping()
    {
        var (a, b) = (Open(), Open());
        var bothRead = new CountdownEvent(2);
        var firstTries = 0;
        void Meet()
        {
            if (Interlocked.Increment(ref firstTries) <= 2)
            {
                bothRead.Signal();
                bothRead.Wait(OverlapWait);
            }
        }

        a.AfterReadPhase = Meet;
        b.AfterReadPhase = Meet;
        return (a, b);
    }
}
