using System.Globalization;
using System.Text.Json;
using Npgsql;
using Orchestrator.Testing.Postgres;
using Xunit.Abstractions;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 13 point 3, measured on the real path: a CLI process commits a switchover whose first step is ready (the CLI
/// runs no jobs: the runner's sweeper dispatches it); the commit NOTIFYs the runners (this test LISTENs too, to date the
/// commit), and an idle `serve` on the same PostgreSQL database starts the step — how long after the commit (the step's
/// first start, on this machine's clock), and after the procedure's creation instant (the CLI's clock, before it
/// planned). Without the NOTIFY the sweeper would find the step at its next pass (every second). Skipped without PostgreSQL.
/// </summary>
public sealed class StepWakeUpPostgresTests(ITestOutputHelper output)
{
    private const int Moves = 3;

    [SkippableFact]
    public async Task AStepMadeReadyByTheCli_IsNotified_AndStartsInAnIdleRunner_WithinASecondOfTheCommit()
    {
        Skip.If(PostgresServer.MissingReason is not null, PostgresServer.MissingReason);
        var connection = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        using var dir = new TempDataDir();
        dir.Environment["ORCHESTRATOR_STORE"] = "postgres";
        dir.Environment["ORCHESTRATOR_CONNECTION"] = connection;
        (await dir.RunAsync("db", "migrate")).ShouldExitWith(0);
        await dir.ApplyAsync(Samples.TwoNodeTwoHierarchies(dir));

        using var serve = dir.Start("serve", "--no-dashboard");
        Assert.True(await serve.WaitForOutputAsync("serving", ServeProcess.Startup), $"serve did not start: {serve.StdOutSoFar} {serve.StdErrSoFar}");

        await using var listener = new NpgsqlConnection(connection);
        await listener.OpenAsync();
        var notified = new System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset>();
        listener.Notification += (_, _) => notified.Enqueue(DateTimeOffset.UtcNow);
        await using (var listen = new NpgsqlCommand("LISTEN orchestrator_work", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        // Read notifications as they arrive (dated on arrival), not when the CLI has exited.
        using var stopListening = new CancellationTokenSource();
        var listening = Task.Run(async () =>
        {
            while (!stopListening.IsCancellationRequested)
            {
                await listener.WaitAsync(stopListening.Token);
            }
        });

        var fromCommit = new List<double>();
        var fromCreation = new List<double>();
        for (var i = 0; i < Moves; i++)
        {
            await Task.Delay(500); // the runner idle: its workers wait on the queue
            notified.Clear();
            var result = (await dir.RunAsync("--json", "switchover", "exch1", "--to", i % 2 == 0 ? "node2" : "node1")).ShouldExitWith(0);
            using var doc = JsonDocument.Parse(result.StdOut);
            var id = doc.RootElement.GetProperty("id").GetInt64();
            (await dir.RunAsync("procedures", "wait", id.ToString(CultureInfo.InvariantCulture))).ShouldExitWith(0);
            Assert.True(notified.Count > 0, $"the commit of procedure #{id} notified no runner");
            var (started, created) = await FirstStepStartAsync(connection, id);
            fromCommit.Add((started - notified.First()).TotalMilliseconds);
            fromCreation.Add((started - created).TotalMilliseconds);
        }

        await stopListening.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listening);
        output.WriteLine($"from the CLI's commit (its NOTIFY) to the first step's start in the idle runner: {Millis(fromCommit)} ms");
        output.WriteLine($"from the procedure's creation instant (the CLI, before planning) to that start: {Millis(fromCreation)} ms");
        Assert.True(fromCommit.Order().ElementAt(Moves / 2) < 1000, $"the median delay from the commit is not under 1 s: {Millis(fromCommit)} ms");
        (await serve.StopAsync(TimeSpan.FromSeconds(20))).ShouldExitWith(0);
    }

    private static string Millis(IEnumerable<double> values) => string.Join(", ", values.Select(d => d.ToString("F0", CultureInfo.InvariantCulture)));

    private static async Task<(DateTimeOffset Started, DateTimeOffset Created)> FirstStepStartAsync(string connection, long id)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT s.first_started_at, p.created_at FROM procedures p JOIN procedure_steps s ON s.procedure_id = p.id AND s.seq = 1 WHERE p.id = $1", db);
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"procedure #{id} has no first step");
        return (new DateTimeOffset(reader.GetDateTime(0), TimeSpan.Zero), new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero));
    }
}
