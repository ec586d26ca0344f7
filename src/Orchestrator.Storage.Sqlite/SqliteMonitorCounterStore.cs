using Dapper;
using Orchestrator.Storage.Leadership;
using static Orchestrator.Storage.Sqlite.DapperConfiguration;

namespace Orchestrator.Storage.Sqlite;

/// <summary>The health monitor's counters in SQLite (monitor_counters), saved in one fenced transaction.</summary>
public sealed class SqliteMonitorCounterStore(SqliteConnectionFactory factory) : IMonitorCounterStore
{
    public async Task<IReadOnlyList<MonitorCounter>> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Subject, long? Failures, string? HealthySince)>(
            "SELECT subject, failures, healthy_since FROM monitor_counters ORDER BY subject").ConfigureAwait(false);
        return rows.Select(r => new MonitorCounter(r.Subject, r.Failures is { } f ? (int)f : null, r.HealthySince is { } s ? ParseInstant(s) : null)).ToList();
    }

    public async Task SaveAsync(IReadOnlyList<MonitorCounter> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }

        await using var connection = await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = connection.BeginTransaction();
        await SqliteLeaderFence.CheckAsync(connection, tx).ConfigureAwait(false);
        foreach (var change in changes)
        {
            if (change.Failures is null && change.HealthySince is null)
            {
                await connection.ExecuteAsync("DELETE FROM monitor_counters WHERE subject = @Subject", new { change.Subject }, tx).ConfigureAwait(false);
                continue;
            }

            await connection.ExecuteAsync(
                """
                INSERT INTO monitor_counters (subject, failures, healthy_since) VALUES (@Subject, @Failures, @HealthySince)
                ON CONFLICT (subject) DO UPDATE SET failures = excluded.failures, healthy_since = excluded.healthy_since
                """,
                new { change.Subject, change.Failures, HealthySince = Format(change.HealthySince) }, tx).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
