using Dapper;
using Orchestrator.Storage.Holds;

namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// Switchback holds in SQL Server, one per hierarchy whatever the case of its name (the primary key on hierarchy compares
/// by the database's case-insensitive collation). The upsert holds the key range (UPDLOCK, SERIALIZABLE), so concurrent
/// holds meet there, not in an error.
/// </summary>
public sealed class SqlServerSwitchbackHoldStore(SqlServerConnectionFactory factory) : ISwitchbackHoldStore
{
    public async Task HoldAsync(string hierarchy, string switchback, long procedureId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            SET XACT_ABORT ON;
            BEGIN TRANSACTION;
            UPDATE switchback_holds WITH (UPDLOCK, SERIALIZABLE)
               SET switchback = @switchback, since = CASE WHEN procedure_id = @procedureId THEN since ELSE @at END, procedure_id = @procedureId
             WHERE hierarchy = @hierarchy;
            IF @@ROWCOUNT = 0
                INSERT INTO switchback_holds (hierarchy, switchback, procedure_id, since) VALUES (@hierarchy, @switchback, @procedureId, @at);
            COMMIT TRANSACTION;
            """,
            new { hierarchy, switchback, procedureId, at = SqlInstant.Of(at) }).ConfigureAwait(false);
    }

    public async Task ReleaseAsync(string hierarchy, long procedureId, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
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
