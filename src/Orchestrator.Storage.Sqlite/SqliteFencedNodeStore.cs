using Dapper;
using Orchestrator.Storage.Fencing;
using static Orchestrator.Storage.Sqlite.DapperConfiguration;

namespace Orchestrator.Storage.Sqlite;

/// <summary>The fenced nodes in SQLite (fenced_nodes, one row per node whatever the case of its name).</summary>
public sealed class SqliteFencedNodeStore(SqliteConnectionFactory factory) : IFencedNodeStore
{
    public async Task RecordAsync(string node, string effectKey, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO fenced_nodes (node, effect_key, fenced_at) VALUES (@node, @effectKey, @at)
            ON CONFLICT (node) DO UPDATE SET effect_key = excluded.effect_key, fenced_at = excluded.fenced_at
            """,
            new { node, effectKey, at = Format(at) }).ConfigureAwait(false);
    }

    public async Task<FencedNode?> GetAsync(string node, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Node, string EffectKey, string FencedAt)>(
            "SELECT node, effect_key, fenced_at FROM fenced_nodes WHERE node = @node", new { node }).ConfigureAwait(false);
        return rows.Select(r => new FencedNode(r.Node, r.EffectKey, ParseInstant(r.FencedAt))).FirstOrDefault();
    }

    public async Task<bool> ClearAsync(string node, string effectKey, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            "DELETE FROM fenced_nodes WHERE node = @node AND effect_key = @effectKey", new { node, effectKey }).ConfigureAwait(false) > 0;
    }
}
