using Dapper;
using Npgsql;
using Orchestrator.Storage.Leadership;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// The health monitor's counters in PostgreSQL (monitor_counters; a subject is one counter whatever its case, as on
/// SQLite), saved in one transaction fenced by <see cref="PostgresLeaderFence"/>.
/// </summary>
public sealed class PostgresMonitorCounterStore(PostgresConnectionFactory factory) : IMonitorCounterStore
{
    public async Task<IReadOnlyList<MonitorCounter>> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT subject, failures, healthy_since FROM monitor_counters ORDER BY lower(subject), subject", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counters = new List<MonitorCounter>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counters.Add(new MonitorCounter(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetInt32(1),
                reader.IsDBNull(2) ? null : new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc))));
        }

        return counters;
    }

    public async Task SaveAsync(IReadOnlyList<MonitorCounter> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }

        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await PostgresLeaderFence.CheckAsync(connection, tx).ConfigureAwait(false);
        foreach (var change in changes)
        {
            if (change.Failures is null && change.HealthySince is null)
            {
                await connection.ExecuteAsync("DELETE FROM monitor_counters WHERE lower(subject) = lower(@Subject)", new { change.Subject }, tx).ConfigureAwait(false);
                continue;
            }

            await connection.ExecuteAsync(
                """
                INSERT INTO monitor_counters (subject, failures, healthy_since) VALUES (@Subject, @Failures, @HealthySince)
                ON CONFLICT ((lower(subject))) DO UPDATE SET failures = excluded.failures, healthy_since = excluded.healthy_since
                """,
                new { change.Subject, change.Failures, HealthySince = PgInstant.Of(change.HealthySince) }, tx).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
