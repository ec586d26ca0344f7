using Dapper;
using Orchestrator.Storage.Holds;
using static Orchestrator.Storage.Sqlite.DapperConfiguration;

namespace Orchestrator.Storage.Sqlite;

/// <summary>Switchback holds in SQLite (one per hierarchy).</summary>
public sealed class SqliteSwitchbackHoldStore(SqliteConnectionFactory factory) : ISwitchbackHoldStore
{
    public async Task HoldAsync(string hierarchy, string switchback, long procedureId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO switchback_holds (hierarchy, switchback, procedure_id, since) VALUES (@hierarchy, @switchback, @procedureId, @at)
            ON CONFLICT (hierarchy) DO UPDATE SET switchback = excluded.switchback, procedure_id = excluded.procedure_id,
                since = CASE WHEN switchback_holds.procedure_id = excluded.procedure_id THEN switchback_holds.since ELSE excluded.since END
            """,
            new { hierarchy, switchback, procedureId, at = Format(at) }).ConfigureAwait(false);
    }

    public async Task ReleaseAsync(string hierarchy, long procedureId, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "DELETE FROM switchback_holds WHERE hierarchy = @hierarchy AND procedure_id = @procedureId", new { hierarchy, procedureId }).ConfigureAwait(false);
    }

    public async Task<string?> HeldAsync(string hierarchy, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<string?>(
            "SELECT switchback FROM switchback_holds WHERE hierarchy = @hierarchy", new { hierarchy }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, string>> ListHeldAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Hierarchy, string Switchback)>("SELECT hierarchy, switchback FROM switchback_holds").ConfigureAwait(false);
        return rows.ToDictionary(r => r.Hierarchy, r => r.Switchback, StringComparer.OrdinalIgnoreCase);
    }
}
