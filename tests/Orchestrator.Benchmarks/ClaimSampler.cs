using System.Globalization;
using Npgsql;

namespace Orchestrator.Benchmarks;

/// <summary>
/// Samples a PostgreSQL database until stopped: every <see cref="ClaimPoll"/> every (procedure, step, claimed_by) seen
/// (the column is cleared at commit, so a sample sees the steps running at that moment; a step takes ~50 ms in the storm),
/// and every <see cref="SessionsEvery"/>th sample the database's sessions — how many are active and how many of them wait
/// on a lock (pg_stat_activity), averaged over those samples. (It sampled all three every 20 ms: ~17 ms under load, among
/// the storm's top statements, on the two cores it measures.)
/// </summary>
internal static class ClaimSampler
{
    private static readonly TimeSpan ClaimPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>The sessions are read at every this many claim samples (statistics, not a check).</summary>
    private const int SessionsEvery = 4;

    /// <summary>Session figures of a sampling: mean active sessions, mean waiting on a lock, and the top waiting statements.</summary>
    public sealed record SessionWaits(int Samples, double Active, double LockWaits, string TopWaiters);

    /// <summary>Of <paramref name="claimed"/>, the distinct steps claimed by process <paramref name="pid"/> (worker ids read host:pid:...).</summary>
    public static int ClaimedBy(IEnumerable<string> claimed, int pid) =>
        claimed.Count(c => c.Contains(string.Create(CultureInfo.InvariantCulture, $":{pid}:"), StringComparison.Ordinal));

    public static async Task<(HashSet<string> Claimed, SessionWaits Waits)> SampleAsync(string connectionString, CancellationToken stop)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var (samples, active, locked) = (0, 0L, 0L);
        var waiters = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(stop).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT procedure_id || '/' || seq || '@' || claimed_by FROM procedure_steps WHERE claimed_by IS NOT NULL", connection);
            await using var sessions = new NpgsqlCommand(
                "SELECT count(*) FILTER (WHERE state = 'active'), count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock') " +
                "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
            await using var waiting = new NpgsqlCommand(
                "SELECT regexp_replace(left(query, 70), '\\s+', ' ', 'g'), count(*) FROM pg_stat_activity " +
                "WHERE datname = current_database() AND state = 'active' AND wait_event_type = 'Lock' GROUP BY 1", connection);
            for (var sample = 0; !stop.IsCancellationRequested; sample++)
            {
                await using (var reader = await command.ExecuteReaderAsync(stop).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(stop).ConfigureAwait(false))
                    {
                        seen.Add(reader.GetString(0));
                    }
                }

                if (sample % SessionsEvery != 0)
                {
                    await Task.Delay(ClaimPoll, stop).ConfigureAwait(false);
                    continue;
                }

                await using (var reader = await sessions.ExecuteReaderAsync(stop).ConfigureAwait(false))
                {
                    if (await reader.ReadAsync(stop).ConfigureAwait(false))
                    {
                        samples++;
                        active += reader.GetInt64(0);
                        locked += reader.GetInt64(1);
                    }
                }

                await using (var reader = await waiting.ExecuteReaderAsync(stop).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(stop).ConfigureAwait(false))
                    {
                        var query = reader.GetString(0);
                        waiters[query] = waiters.GetValueOrDefault(query) + reader.GetInt64(1);
                    }
                }

                await Task.Delay(ClaimPoll, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (NpgsqlException) when (stop.IsCancellationRequested)
        {
        }

        var top = string.Join("; ", waiters.OrderByDescending(w => w.Value).Take(3).Select(w => string.Create(CultureInfo.InvariantCulture, $"{(double)w.Value / Math.Max(1, samples):F1} x \"{w.Key}\"")));
        return (seen, new SessionWaits(samples, samples == 0 ? 0 : (double)active / samples, samples == 0 ? 0 : (double)locked / samples, top));
    }
}
