using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orchestrator.Environment.PostgreSql;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Environment.Tests.World.Stores;

/// <summary>
/// db/postgres/0009: a PostgreSQL world whose node rows hold their shares (the Shares array of the row's JSON, before
/// 0009) keeps them: each moves to a row of world.world_shares scoped by its node, and the node row loses the array.
/// </summary>
public sealed class PostgresWorldSharesMigrationTests : PostgresWorldStoreTests
{
    private const string Script = "Orchestrator.Storage.db.postgres.0009_world_shares.sql";
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.Zero));

    [SkippableFact]
    public async Task Shares_inside_node_rows_move_to_rows_of_their_own_and_are_kept()
    {
        await new SimulatedWorld(Open(), time).SeedAsync(SampleCluster.Create(), None);
        var before = (await new SimulatedWorld(Open(), time).SnapshotAsync(None)).Nodes.ToDictionary(n => n.Name, n => string.Join(",", n.Shares));
        Assert.NotEqual("", before["node1"]);

        // The world as it was before 0009: the shares inside the node rows, no world_shares.
        await ExecuteAsync(
            """
            UPDATE world.world_nodes AS n SET json = jsonb_set(n.json::jsonb, '{Shares}',
                COALESCE((SELECT jsonb_agg(s.key ORDER BY s.seq) FROM world.world_shares AS s WHERE lower(s.scope) = lower(n.key)), '[]'::jsonb))::text;
            DROP TABLE world.world_shares;
            """);
        using (var reader = new StreamReader(typeof(PostgresMigrator).Assembly.GetManifestResourceStream(Script)!))
        {
            await ExecuteAsync(await reader.ReadToEndAsync());
        }

        var after = (await new SimulatedWorld(Open(), time).SnapshotAsync(None)).Nodes.ToDictionary(n => n.Name, n => string.Join(",", n.Shares));
        Assert.Equal(before, after);
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM world.world_nodes WHERE json::jsonb ? 'Shares';"));
        await new SimulatedWorld(Open(), time).EnsureRemovedAsync("node1", "Address", new EffectKey(1, 1, 1), None);
        Assert.DoesNotContain("Address", (await new SimulatedWorld(Open(), time).SnapshotAsync(None)).Node("node1").Shares);
    }

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
