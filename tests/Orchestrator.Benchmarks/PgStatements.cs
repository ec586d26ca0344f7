using System.Globalization;
using Npgsql;

namespace Orchestrator.Benchmarks;

/// <summary>
/// A profiling aid of the PostgreSQL storm (<c>ORCHESTRATOR_BENCH_PGSTAT=1</c>, with the test cluster started with
/// <c>ORCHESTRATOR_TEST_PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements"</c>): resets pg_stat_statements at the
/// failure and prints the statements that took the server's time until all were in service, with their calls.
/// </summary>
internal static class PgStatements
{
    public static bool Enabled => System.Environment.GetEnvironmentVariable("ORCHESTRATOR_BENCH_PGSTAT") == "1";

    public static async Task ResetAsync(string connection, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset();", c);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task PrintAsync(string connection, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            SELECT calls, round(total_exec_time::numeric, 1), rows, left(regexp_replace(query, '\s+', ' ', 'g'), 160)
            FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 30
            """, c);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        Console.WriteLine("pgstat      calls | total ms | rows | statement");
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pgstat {reader.GetInt64(0),10} | {reader.GetDecimal(1),8} | {reader.GetInt64(2),7} | {reader.GetString(3)}"));
        }

        await reader.CloseAsync().ConfigureAwait(false);
        await using var totals = new NpgsqlCommand("SELECT sum(calls), round(sum(total_exec_time)::numeric, 1) FROM pg_stat_statements", c);
        await using var t = await totals.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (await t.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pgstat total {t.GetDecimal(0)} calls, {t.GetDecimal(1)} ms"));
        }
    }
}
