using Dapper;
using Microsoft.Data.SqlClient;
using Orchestrator.Storage.Leadership;

namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// The health monitor's counters in SQL Server (monitor_counters, db/sqlserver/0002; a subject is one counter whatever its
/// case, through the database's case-insensitive collation), saved in one transaction fenced by <see cref="SqlServerLeaderFence"/>.
/// </summary>
public sealed class SqlServerMonitorCounterStore(SqlServerConnectionFactory factory) : IMonitorCounterStore
{
    private const string UpsertSql =
        """
        UPDATE monitor_counters SET failures = @Failures, healthy_since = @HealthySince WHERE subject = @Subject;
        IF @@ROWCOUNT = 0
            INSERT INTO monitor_counters (subject, failures, healthy_since) VALUES (@Subject, @Failures, @HealthySince);
        """;

    public async Task<IReadOnlyList<MonitorCounter>> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new SqlCommand("SELECT subject, failures, healthy_since FROM monitor_counters ORDER BY subject", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counters = new List<MonitorCounter>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counters.Add(new MonitorCounter(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetInt32(1),
                reader.IsDBNull(2) ? null : reader.GetDateTimeOffset(2).ToUniversalTime()));
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
        await using var tx = await connection.BeginAsync(cancellationToken).ConfigureAwait(false);
        await SqlServerLeaderFence.CheckAsync(connection, tx).ConfigureAwait(false);
        foreach (var change in changes)
        {
            if (change.Failures is null && change.HealthySince is null)
            {
                await connection.ExecuteAsync("DELETE FROM monitor_counters WHERE subject = @Subject", new { change.Subject }, tx).ConfigureAwait(false);
                continue;
            }

            await connection.ExecuteAsync(UpsertSql, new { change.Subject, change.Failures, HealthySince = SqlInstant.Of(change.HealthySince) }, tx).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
