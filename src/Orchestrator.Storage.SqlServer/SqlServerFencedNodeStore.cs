using Dapper;
using Microsoft.Data.SqlClient;
using Orchestrator.Storage.Fencing;

namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// The fenced nodes in SQL Server (fenced_nodes), one row per node whatever the case of its name (the primary key compares
/// by the database's case-insensitive collation). The upsert holds the key range (UPDLOCK, SERIALIZABLE), so two runners
/// recording one fence meet there, not in an error.
/// </summary>
public sealed class SqlServerFencedNodeStore(SqlServerConnectionFactory factory) : IFencedNodeStore
{
    public async Task RecordAsync(string node, string effectKey, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            SET XACT_ABORT ON;
            BEGIN TRANSACTION;
            UPDATE fenced_nodes WITH (UPDLOCK, SERIALIZABLE) SET effect_key = @effectKey, fenced_at = @at WHERE node = @node;
            IF @@ROWCOUNT = 0
                INSERT INTO fenced_nodes (node, effect_key, fenced_at) VALUES (@node, @effectKey, @at);
            COMMIT TRANSACTION;
            """,
            new { node, effectKey, at = SqlInstant.Of(at) }).ConfigureAwait(false);
    }

    public async Task<FencedNode?> GetAsync(string node, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new SqlCommand("SELECT node, effect_key, fenced_at FROM fenced_nodes WHERE node = @node", connection);
        command.Parameters.AddWithValue("@node", node);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new FencedNode(reader.GetString(0), reader.GetString(1), reader.GetDateTimeOffset(2).ToUniversalTime())
            : null;
    }

    public async Task<bool> ClearAsync(string node, string effectKey, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            "DELETE FROM fenced_nodes WHERE node = @node AND effect_key = @effectKey", new { node, effectKey }).ConfigureAwait(false) > 0;
    }
}
