using Microsoft.Data.Sqlite;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

public sealed class WorldStateStoreTests : IDisposable
{
    private const int Tasks = 8;
    private const int IncrementsPerTask = 50;

    private readonly TestWorld t = new();

    public void Dispose() => t.Dispose();

    [Fact]
    public async Task State_persists_across_two_store_instances_on_the_same_file()
    {
        await t.World.SeedAsync(SampleCluster.Create(), CancellationToken.None);
        await t.SwitchOverAsync("node1", "node2");
        await t.World.FailNodeAsync("node3");

        var reopened = t.OpenAgain();
        var snapshot = await reopened.SnapshotAsync(CancellationToken.None);

        Assert.Equal(["node2"], snapshot.InServiceNodes(SampleCluster.Hierarchy));
        Assert.False(snapshot.Node("node3").Up);
        Assert.Equal(1, snapshot.Applied["ServiceStart:node2/MSExchangeIS"]);
    }

    [Fact]
    public async Task An_effect_key_recorded_through_one_store_is_replayed_through_another()
    {
        await t.World.SeedAsync(SampleCluster.Create(), CancellationToken.None);
        var key = new EffectKey(42, 3, 1);
        await t.World.EnsureStoppedAsync("node1", "MSExchangeIS", key, CancellationToken.None);

        var restarted = t.OpenAgain();
        await restarted.EnsureStoppedAsync("node1", "MSExchangeIS", key, CancellationToken.None);

        var snapshot = await t.SnapshotAsync();
        Assert.Equal(1, snapshot.Replayed[EffectKind.ServiceStop]);
        Assert.Equal(1, snapshot.Applied["ServiceStop:node1/MSExchangeIS"]);
    }

    [Fact]
    public async Task Replays_are_counted_per_effect_target_across_stores()
    {
        await t.World.SeedAsync(SampleCluster.Create(), CancellationToken.None);
        var stop = new EffectKey(42, 3, 1);
        await t.World.EnsureStoppedAsync("node1", "MSExchangeIS", stop, CancellationToken.None);
        await t.World.EnsureStoppedAsync("node1", "MSExchangeIS", stop, CancellationToken.None);
        await t.World.EnsureStoppedAsync("node1", "MSExchangeMTA", new EffectKey(42, 5, 1), CancellationToken.None);

        var restarted = t.OpenAgain();
        await restarted.EnsureStoppedAsync("node1", "MSExchangeIS", stop, CancellationToken.None);

        var snapshot = await t.SnapshotAsync();
        Assert.Equal(2, snapshot.Replayed[EffectKind.ServiceStop]);
        Assert.Equal("ServiceStop:node1/MSExchangeIS=2", string.Join(", ", snapshot.ReplayedKeys.Select(r => $"{r.Key}={r.Value}")));
    }

    [Fact]
    public async Task Name_lookups_ignore_case_after_the_state_went_through_json()
    {
        await t.World.SeedAsync(SampleCluster.Create(), CancellationToken.None);

        var state = await new SqliteWorldStateStore(t.DatabasePath).ReadAsync(CancellationToken.None);

        Assert.True(state.Nodes.ContainsKey("NODE1"));
        Assert.True(state.Nodes["Node1"].Services.ContainsKey("msexchangeis"));
        Assert.Contains("ADDRESS", state.Nodes["node1"].Shares);
    }

    [Fact]
    public async Task Concurrent_updates_from_several_stores_on_one_file_lose_nothing()
    {
        var workers = Enumerable.Range(0, Tasks).Select(i => Task.Run(async () =>
        {
            var store = new SqliteWorldStateStore(t.DatabasePath);
            for (var n = 0; n < IncrementsPerTask; n++)
            {
                await store.UpdateAsync(s => s.Counters.Calls["test"] = s.Counters.Calls.GetValueOrDefault("test") + 1, CancellationToken.None);
            }
        }));

        await Task.WhenAll(workers);

        var state = await t.Store.ReadAsync(CancellationToken.None);
        Assert.Equal(Tasks * IncrementsPerTask, state.Counters.Calls["test"]);
    }

    [Fact]
    public async Task Concurrent_effects_through_several_worlds_are_all_counted()
    {
        await t.World.SeedAsync(SampleCluster.Create(), CancellationToken.None);
        var workers = Enumerable.Range(0, Tasks).Select(i => Task.Run(async () =>
        {
            var world = t.OpenAgain();
            for (var n = 0; n < IncrementsPerTask; n++)
            {
                await world.EnsureMountedAsync("node1", "E", new EffectKey(i, n, 1), CancellationToken.None);
            }
        }));

        await Task.WhenAll(workers);

        var snapshot = await t.SnapshotAsync();
        Assert.Equal(Tasks * IncrementsPerTask, snapshot.Calls[EffectKind.VolumeMount]);
        Assert.Equal(Tasks * IncrementsPerTask, snapshot.NoOps[EffectKind.VolumeMount]);
    }

    [Fact]
    public async Task The_in_memory_store_loses_nothing_under_concurrent_updates_either()
    {
        var store = new InMemoryWorldStateStore();
        var workers = Enumerable.Range(0, Tasks).Select(_ => Task.Run(async () =>
        {
            for (var n = 0; n < IncrementsPerTask; n++)
            {
                await store.UpdateAsync(s => s.Counters.Calls["test"] = s.Counters.Calls.GetValueOrDefault("test") + 1, CancellationToken.None);
            }
        }));

        await Task.WhenAll(workers);

        Assert.Equal(Tasks * IncrementsPerTask, (await store.ReadAsync(CancellationToken.None)).Counters.Calls["test"]);
    }

    [Fact]
    public async Task Reading_the_in_memory_store_returns_a_copy()
    {
        var store = new InMemoryWorldStateStore();
        var world = new SimulatedWorld(store, TimeProvider.System);
        await world.SeedAsync(SampleCluster.Create(), CancellationToken.None);

        var copy = await store.ReadAsync(CancellationToken.None);
        copy.Volumes["E"].MountedOn = "node3";
        copy.Nodes["node1"].Shares.Clear();

        Assert.Equal("node1", await world.GetMountedNodeAsync("E", CancellationToken.None));
        Assert.Equal(3, (await world.SnapshotAsync(CancellationToken.None)).Node("node1").Shares.Count);
    }

    [Fact]
    public async Task A_mutation_that_throws_leaves_the_file_unchanged()
    {
        await t.World.SeedAsync(SampleCluster.Create(), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => t.Store.UpdateAsync<bool>(
            s =>
            {
                s.Volumes["E"].MountedOn = null;
                throw new InvalidOperationException("boom");
            },
            CancellationToken.None));

        Assert.Equal("node1", await t.World.GetMountedNodeAsync("E", CancellationToken.None));
    }

    [Fact]
    public async Task The_world_file_uses_the_write_ahead_log()
    {
        await t.Store.ReadAsync(CancellationToken.None);

        await using var connection = new SqliteConnection($"Data Source={t.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }
}
