using Dapper;
using Npgsql;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// The clock every time runners compare is dated by on PostgreSQL (issue 13 point 1): <c>lease_clock</c>
/// (db/postgres/0005), the database's <c>now()</c>; the caller's instant is passed only so that a test database may follow it.
/// </summary>
internal static class PgClock
{
    /// <summary>The clock's instant now, read on <paramref name="connection"/>.</summary>
    public static async Task<DateTimeOffset> ReadAsync(NpgsqlConnection connection, DateTimeOffset callerNow)
    {
        var at = await connection.ExecuteScalarAsync<DateTime>("SELECT lease_clock(@now)", new { now = PgInstant.Of(callerNow) }).ConfigureAwait(false);
        return new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc));
    }
}
