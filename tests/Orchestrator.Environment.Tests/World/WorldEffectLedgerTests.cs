using Dapper;
using Microsoft.Data.Sqlite;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

/// <summary>Issue 11: the applied-effects ledger lives in its own table of world.db, not in the world's document.</summary>
public sealed class WorldEffectLedgerTests : SeededWorldTests
{
    [Fact]
    public async Task The_world_rows_do_not_grow_with_the_ledger_as_switchovers_add_up()
    {
        for (var i = 0; i < 5; i++)
        {
            await SwitchOverAndBackAsync();
        }

        var after5 = await WorldBytesAsync();
        for (var i = 0; i < 45; i++)
        {
            await SwitchOverAndBackAsync();
        }

        var after50 = await WorldBytesAsync();

        // Before issue 11: every applied effect (~20 per round trip) added a ledger entry of ~100 bytes to the document.
        // Now what remains per move is at most one outage row (~300 bytes).
        Assert.True(after50 - after5 < 45 * 2 * 300, $"the document grew from {after5} to {after50} bytes");
        Assert.Equal(50 * 2 * 12, await LedgerRowsAsync());
    }

    [Fact]
    public async Task An_applied_effect_and_its_ledger_row_commit_together()
    {
        var key = new EffectKey(7, 1, 1);
        await T.World.EnsureStoppedAsync("node1", "MSExchangeIS", key, None);

        Assert.Equal(1, await LedgerRowsAsync());
        await using var connection = await ConnectAsync();
        var row = await connection.QuerySingleAsync<(long ProcedureId, long Step, long Generation, string Kind, string Node, string Target, long? FencingToken)>(
            "SELECT procedure_id, step, generation, kind, node, target, fencing_token FROM world_effects;");
        Assert.Equal((7L, 1L, 1L, "ServiceStop", "node1", "MSExchangeIS", (long?)null), row);
    }

    [Fact]
    public async Task A_crash_before_the_world_commits_leaves_neither_the_effect_nor_its_ledger_row()
    {
        var key = new EffectKey(7, 1, 1);
        var crashing = new CrashingStore(new SqliteWorldStateStore(T.DatabasePath));
        var world = new SimulatedWorld(crashing, T.Time);

        await Assert.ThrowsAsync<IOException>(() => world.EnsureStoppedAsync("node1", "MSExchangeIS", key, None));

        Assert.Equal(0, await LedgerRowsAsync());
        Assert.Equal(ServiceState.Running, (await T.SnapshotAsync()).ServiceStateOn("node1", "MSExchangeIS"));

        // The retry after the crash applies it, once.
        await T.World.EnsureStoppedAsync("node1", "MSExchangeIS", key, None);
        Assert.Equal(1, (await T.SnapshotAsync()).Applied["ServiceStop:node1/MSExchangeIS"]);
    }

    [Fact]
    public async Task A_replay_after_a_crash_between_the_effect_and_the_engine_commit_is_a_no_op()
    {
        var key = new EffectKey(7, 1, 1);
        await T.World.EnsureStoppedAsync("node1", "MSExchangeIS", key, None);
        await T.World.EnsureStartedAsync("node1", "MSExchangeIS", T.Key(), None);

        // A restarted process, new store instance, same file: the step runs again with its key.
        await T.OpenAgain().EnsureStoppedAsync("node1", "MSExchangeIS", key, None);

        var snapshot = await T.SnapshotAsync();
        Assert.Equal(ServiceState.Running, snapshot.ServiceStateOn("node1", "MSExchangeIS"));
        Assert.Equal(1, snapshot.Applied["ServiceStop:node1/MSExchangeIS"]);
        Assert.Equal(1, snapshot.Replayed[EffectKind.ServiceStop]);
    }

    [Fact]
    public async Task Retention_trims_only_rows_older_than_the_age_and_at_most_a_batch_at_a_time()
    {
        var retention = new EffectLedgerRetention(TimeSpan.FromDays(1), BatchSize: 2);
        var world = new SimulatedWorld(new SqliteWorldStateStore(T.DatabasePath, retention), T.Time);
        var old = new[] { new EffectKey(1, 1, 1), new EffectKey(1, 2, 1), new EffectKey(1, 3, 1) };
        await world.EnsureStoppedAsync("node1", "MSExchangeMTA", old[0], None);
        await world.EnsureStoppedAsync("node1", "MSExchangeIS", old[1], None);
        await world.EnsureStoppedAsync("node1", "MSExchangeSA", old[2], None);

        T.Time.Advance(TimeSpan.FromHours(23));
        await world.EnsureUnmountedAsync("node1", "E", new EffectKey(2, 1, 1), None);
        Assert.Equal(4, await LedgerRowsAsync());

        T.Time.Advance(TimeSpan.FromHours(2));
        await world.EnsureUnmountedAsync("node1", "F", new EffectKey(2, 2, 1), None);
        Assert.Equal(3, await LedgerRowsAsync());

        await world.EnsureReleasedAsync("node1", SampleCluster.Address, new EffectKey(2, 3, 1), None);
        Assert.Equal(3, await LedgerRowsAsync());
        Assert.Equal(
            ["2:1:1", "2:2:1", "2:3:1"],
            await (await ConnectAsync()).QueryAsync<string>(
                "SELECT procedure_id || ':' || step || ':' || generation FROM world_effects ORDER BY procedure_id, step;"));

        // A kept key is still replayed.
        await world.EnsureUnmountedAsync("node1", "F", new EffectKey(2, 2, 1), None);
        var snapshot = await T.SnapshotAsync();
        Assert.Equal(1, snapshot.Replayed[EffectKind.VolumeUnmount]);
    }

    [Fact]
    public async Task An_old_document_with_its_ledger_inside_opens_and_its_entries_move_to_the_table()
    {
        var key = new EffectKey(42, 3, 1);
        await T.World.EnsureStoppedAsync("node1", "MSExchangeIS", key, None);
        await T.World.EnsureStartedAsync("node1", "MSExchangeIS", T.Key(), None);
        await RewriteAsOldDocumentAsync();

        var reopened = T.OpenAgain();
        await reopened.EnsureStoppedAsync("node1", "MSExchangeIS", key, None);

        var snapshot = await reopened.SnapshotAsync(None);
        Assert.Equal(ServiceState.Running, snapshot.ServiceStateOn("node1", "MSExchangeIS"));
        Assert.Equal(1, snapshot.Replayed[EffectKind.ServiceStop]);
        Assert.Equal(2, await LedgerRowsAsync());
        Assert.DoesNotContain("world_state", await T.TablesAsync());
    }

    /// <summary>Puts the world and its ledger rows back into one document and drops the tables, as a world.db written before issue 11.</summary>
    private async Task RewriteAsOldDocumentAsync()
    {
        var state = await T.Store.ReadAsync(None);
        List<(long P, long S, long G, string Kind, string Node, string Target)> rows;
        await using (var connection = await ConnectAsync())
        {
            rows = [.. await connection.QueryAsync<(long P, long S, long G, string Kind, string Node, string Target)>(
                "SELECT procedure_id, step, generation, kind, node, target FROM world_effects;")];
        }

        foreach (var (p, s, g, kind, node, target) in rows)
        {
            var effect = Enum.Parse<EffectKind>(kind);
            var effectKey = new EffectKey(p, (int)s, (int)g);
            state.AppliedEffects[AppliedEffectRecord.LedgerKey(effectKey, effect, node, target)] = new AppliedEffectRecord
            {
                Key = effectKey.ToString(), Kind = effect, Node = node, Target = target, AppliedAt = T.Time.GetUtcNow(),
            };
        }

        await T.RewriteAsDocumentFormAsync(state);
    }

    private async Task SwitchOverAndBackAsync()
    {
        await T.SwitchOverAsync("node1", "node2");
        await T.SwitchOverAsync("node2", "node1");
    }

    private async Task<SqliteConnection> ConnectAsync()
    {
        var connection = new SqliteConnection($"Data Source={T.DatabasePath}");
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>The bytes of every row of the world's tables and logs (the ledger and faults not included).</summary>
    private async Task<long> WorldBytesAsync()
    {
        await using var connection = await ConnectAsync();
        var tables = (await T.TablesAsync()).Where(t => t.StartsWith("world_", StringComparison.Ordinal)
            && t is not ("world_effects" or "world_faults" or "world_latencies" or "world_hierarchy_members"));
        long total = 0;
        foreach (var table in tables)
        {
            total += await connection.QuerySingleAsync<long?>($"SELECT sum(length(json)) FROM {table};") ?? 0;
        }

        return total;
    }

    private async Task<long> LedgerRowsAsync()
    {
        await using var connection = await ConnectAsync();
        return await connection.QuerySingleAsync<long>("SELECT count(*) FROM world_effects;");
    }

    /// <summary>A store whose process dies after the effect ran but before the world's transaction committed.</summary>
    private sealed class CrashingStore(IWorldStateStore inner) : IWorldStateStore
    {
        public Task<WorldState> ReadAsync(CancellationToken cancellationToken) => inner.ReadAsync(cancellationToken);

        public Task<T> UpdateAsync<T>(Func<WorldState, T> mutate, CancellationToken cancellationToken) =>
            inner.UpdateAsync<T>(
                state =>
                {
                    mutate(state);
                    throw new IOException("the process died before the world committed");
                },
                cancellationToken);
    }
}
