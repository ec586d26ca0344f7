using Hangfire;
using Npgsql;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Tests.Postgres;

namespace Orchestrator.Storage.Tests.Providers;

/// <summary>
/// A runner's idle Hangfire workers do not each long-poll the queue: one waits on it (a LISTEN session of its own, woken by
/// a NOTIFY), the others wait in the process — and a job enqueued still runs at once.
/// </summary>
public sealed class HangfirePostgreSqlFetchGateTests
{
    private const int Workers = 6;

    private static readonly TaskCompletionSource<string> Ran = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [SkippableFact]
    public async Task IdleWorkers_HoldOneListeningSession_AndAJobStillRunsAtOnce()
    {
        await using var db = await PostgresDatabase.CreateAsync(migrate: false);
        var storage = PostgreSqlStorageServiceCollectionExtensions.CreateJobStorage(db.ConnectionString, PostgreSqlStorageServiceCollectionExtensions.JobStorageOptions());
        using var server = new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = Workers, ServerName = "gate-test" }, storage);

        // Every worker that waits on the queue listens on a session of its own; give them time to get there.
        var listening = 0;
        for (var i = 0; i < 40; i++)
        {
            await Task.Delay(100);
            listening = await ListeningSessionsAsync(db.ConnectionString);
            if (listening >= Workers)
            {
                break;
            }
        }

        await Task.Delay(500);
        listening = await ListeningSessionsAsync(db.ConnectionString);
        Assert.Equal(PostgreSqlStorageServiceCollectionExtensions.FetchingWorkers, listening);

        var client = new BackgroundJobClient(storage);
        var enqueued = System.Diagnostics.Stopwatch.StartNew();
        client.Enqueue(() => Ping("gated"));
        Assert.Equal("gated", await Ran.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(enqueued.Elapsed < TimeSpan.FromSeconds(5), $"the job started {enqueued.Elapsed.TotalSeconds:F1} s after its enqueue");
        server.SendStop();
    }

    /// <summary>The job: says it ran.</summary>
    public static void Ping(string word) => Ran.TrySetResult(word);

    private static async Task<int> ListeningSessionsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'LISTEN%new_job%'", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
