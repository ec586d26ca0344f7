using Dapper;
using Orchestrator.Storage.Holds;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// Switchback holds in PostgreSQL, one per hierarchy whatever the case of its name (the unique index is on
/// <c>lower(hierarchy)</c>, which the upsert names as its conflict target: concurrent holds meet there, not in an error).
/// </summary>
public sealed class PostgresSwitchbackHoldStore(PostgresConnectionFactory factory) : ISwitchbackHoldStore
{
    public async Task HoldAsync(string hierarchy, string switchback, long procedureId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO switchback_holds AS h (hierarchy, switchback, procedure_id, since) VALUES (@hierarchy, @switchback, @procedureId, @at)
            ON CONFLICT ((lower(hierarchy))) DO UPDATE SET switchback = excluded.switchback, procedure_id = excluded.procedure_id,
                since = CASE WHEN h.procedure_id = excluded.procedure_id THEN h.since ELSE excluded.since END
            """,
            new { hierarchy, switchback, procedureId, at = PgInstant.Of(at) }).ConfigureAwait(false);
    }

    public async Task ReleaseAsync(string hierarchy, long procedureId, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "DELETE FROM switchback_holds WHERE lower(hierarchy) = lower(@hierarchy) AND procedure_id = @procedureId", new { hierarchy, procedureId }).ConfigureAwait(false);
    }

    public async Task<string?> HeldAsync(string hierarchy, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<string?>(
            "SELECT switchback FROM switchback_holds WHERE lower(hierarchy) = lower(@hierarchy)", new { hierarchy }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, string>> ListHeldAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Hierarchy, string Switchback)>("SELECT hierarchy, switchback FROM switchback_holds").ConfigureAwait(false);
        return rows.ToDictionary(r => r.Hierarchy, r => r.Switchback, StringComparer.OrdinalIgnoreCase);
    }
}
