using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orchestrator.Environment.PostgreSql;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Environment.Tests.World.Stores;

/// <summary>
/// db/postgres/0010 on a world made before it: the counters (one row each) become per-backend rows without losing a
/// count, and the change mark goes on from world.world_lock's version.
/// </summary>
public sealed class PostgresWorldKeyLocksMigrationTests : PostgresWorldStoreTests
{
    private const string Script = "Orchestrator.Storage.db.postgres.0010_world_key_locks.sql";
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.Zero));

    [SkippableFact]
    public async Task Counters_and_the_change_mark_of_a_world_made_before_0010_are_kept()
    {
        await new SimulatedWorld(Open(), time).SeedAsync(SampleCluster.Create(), None);
        await new SimulatedWorld(Open(), time).EnsureStoppedAsync("node1", "MSExchangeIS", new EffectKey(1, 1, 1), None);
        await new SimulatedWorld(Open(), time).EnsureStoppedAsync("node1", "MSExchangeIS", new EffectKey(1, 1, 1), None);
        await new SimulatedWorld(Open(), time).EnsureStoppedAsync("node1", "MSExchangeSA", new EffectKey(1, 2, 1), None);
        var before = Counts(await new SimulatedWorld(Open(), time).SnapshotAsync(None));
        var mark = await Open().ChangeMarkAsync(None);
        Assert.True(await ScalarAsync("SELECT count(*) FROM world.world_counters GROUP BY lower(scope), lower(key) ORDER BY 1 DESC LIMIT 1;") > 1, "no counter had rows of several backends");

        // The world as it was before 0010: one row per counter, the mark in world.world_lock.
        await ExecuteAsync(
            """
            DROP FUNCTION world.lock_keys(text[], boolean[]);
            UPDATE world.world_lock SET version = (SELECT sum(version) FROM world.world_marks) WHERE id = 1;
            DROP TABLE world.world_marks;
            CREATE TEMP TABLE counted AS
                SELECT min(seq) AS seq, (array_agg(scope ORDER BY seq))[1] AS scope, (array_agg(key ORDER BY seq))[1] AS key, sum(json::bigint)::text AS json
                FROM world.world_counters GROUP BY lower(scope), lower(key);
            DELETE FROM world.world_counters;
            DROP INDEX world.world_counters_key;
            ALTER TABLE world.world_counters DROP COLUMN shard;
            CREATE UNIQUE INDEX world_counters_key ON world.world_counters (lower(scope), lower(key));
            INSERT INTO world.world_counters (scope, key, indexed, json) SELECT scope, key, NULL, json FROM counted ORDER BY seq;
            """);
        using (var reader = new StreamReader(typeof(PostgresMigrator).Assembly.GetManifestResourceStream(Script)!))
        {
            await ExecuteAsync(await reader.ReadToEndAsync());
        }

        Assert.Equal(before, Counts(await new SimulatedWorld(Open(), time).SnapshotAsync(None)));
        Assert.Equal(mark, await Open().ChangeMarkAsync(None));
        await new SimulatedWorld(Open(), time).EnsureStoppedAsync("node2", "MSExchangeIS", new EffectKey(1, 3, 1), None);
        Assert.Equal(4, (await new SimulatedWorld(Open(), time).SnapshotAsync(None)).Calls[EffectKind.ServiceStop]);
        Assert.True(await Open().ChangeMarkAsync(None) > mark);
    }

    private static string Counts(WorldSnapshot snapshot) =>
        string.Join(
            "; ",
            snapshot.Calls.Where(c => c.Value > 0).Select(c => $"{c.Key}={c.Value}")
                .Concat(snapshot.Applied.Select(a => $"{a.Key}={a.Value}"))
                .Concat(snapshot.ReplayedKeys.Select(r => $"replayed {r.Key}={r.Value}"))
                .Order(StringComparer.Ordinal));

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(None);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(None);
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(None);
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(None))!;
    }
}
