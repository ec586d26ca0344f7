using Dapper;
using Npgsql;
using Orchestrator.Storage.Fencing;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// The fenced nodes in PostgreSQL (fenced_nodes), one row per node whatever the case of its name (the unique index on
/// <c>lower(node)</c> is the upsert's conflict target: two runners recording one fence meet there, not in an error).
/// </summary>
public sealed class PostgresFencedNodeStore(PostgresConnectionFactory factory) : IFencedNodeStore
{
    public async Task RecordAsync(string node, string effectKey, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO fenced_nodes (node, effect_key, fenced_at) VALUES (@node, @effectKey, @at)
            ON CONFLICT ((lower(node))) DO UPDATE SET effect_key = excluded.effect_key, fenced_at = excluded.fenced_at
            """,
            new { node, effectKey, at = PgInstant.Of(at) }).ConfigureAwait(false);
    }

    public async Task<FencedNode?> GetAsync(string node, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT node, effect_key, fenced_at FROM fenced_nodes WHERE lower(node) = lower(@node)", connection);
        command.Parameters.AddWithValue("node", node);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new FencedNode(reader.GetString(0), reader.GetString(1), new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc)))
            : null;
    }

    public async Task<bool> ClearAsync(string node, string effectKey, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            "DELETE FROM fenced_nodes WHERE lower(node) = lower(@node) AND effect_key = @effectKey", new { node, effectKey }).ConfigureAwait(false) > 0;
    }
}
