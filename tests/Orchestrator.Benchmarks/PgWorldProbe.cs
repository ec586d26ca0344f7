using Npgsql;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The storm watch's cheap reads of the world in the database, on one kept session: the world's own violation log (every
/// applied effect is checked against the invariants, "never in service on two nodes" among them, and a breach is logged
/// in the effect's transaction) and the count of service starts applied. A hierarchy of the storm shape has one service,
/// so its failover is in service only once that service's start was applied on its backup: until the starts applied since
/// the failure number the affected hierarchies, a whole-world snapshot cannot show them all in service and is not taken.
/// </summary>
internal sealed class PgWorldProbe : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlCommand _read;

    private PgWorldProbe(NpgsqlConnection connection)
    {
        _connection = connection;
        _read = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM world.world_violations), " +
            "(SELECT COALESCE(sum(json::bigint), 0) FROM world.world_counters WHERE lower(scope) = 'applied' AND key LIKE 'ServiceStart:%')",
            connection);
    }

    public static async Task<PgWorldProbe> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return new PgWorldProbe(connection);
    }

    /// <summary>The violations the world logged so far, and the service starts it applied so far.</summary>
    public async Task<(long Violations, long ServiceStarts)> ReadAsync(CancellationToken cancellationToken)
    {
        await using var reader = await _read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (reader.GetInt64(0), Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        await _read.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
