using System.Diagnostics;
using Npgsql;
using Orchestrator.EndToEnd.Tests.Infrastructure;
using Orchestrator.Testing.Postgres;
using Xunit.Abstractions;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 13, "Database restart": one `serve` on PostgreSQL (a cluster of this test's own, since it is restarted), a
/// failback of exch1 followed by `failback --wait`; while its service starts are slowed by `world latency`, the server is
/// restarted with `pg_ctl restart -m immediate`. The failback completes as the uninterrupted one does (the SQLite baseline
/// of <see cref="UninterruptedFailback"/>: the same effects, each once, the same world and the same audit story, the chain
/// verifying); the CLI and serve's log say "database unavailable ...; retrying", never a stack trace. Also: a command
/// started while the server is down retries and succeeds once it is back within the retry window. Skipped without PostgreSQL.
/// </summary>
public sealed class DatabaseRestartPostgresTests(UninterruptedFailback baseline, OwnPostgresServer own, ITestOutputHelper output)
    : IClassFixture<UninterruptedFailback>, IClassFixture<OwnPostgresServer>
{
    /// <summary>The restart lands after this many failback steps: in the service starts on node1 (steps 19–23), each slowed.</summary>
    private const int RestartAfterStep = 19;

    private const string Unavailable = "database unavailable (";

    [SkippableFact]
    public async Task A_failback_across_an_immediate_database_restart_completes_as_an_uninterrupted_one_saying_database_unavailable_retrying()
    {
        Skip.If(PostgresServer.MissingReason is not null, PostgresServer.MissingReason);
        var total = Stopwatch.StartNew();
        var server = own.Server!;
        var connection = await server.CreateDatabaseAsync();
        using var dir = new TempDataDir();
        dir.Environment["ORCHESTRATOR_STORE"] = "postgres";
        dir.Environment["ORCHESTRATOR_CONNECTION"] = connection;
        dir.Environment[ShortLease.Variable] = ShortLease.Milliseconds;
        (await dir.RunAsync("db", "migrate")).ShouldExitWith(0);
        await dir.FailedOverAndRestoredAsync();
        (await dir.RunAsync("world", "latency", "ServiceStart", "400")).ShouldExitWith(0);

        using var serve = dir.Start("serve", "--no-dashboard");
        Assert.True(await serve.WaitForOutputAsync("serving", ServeProcess.Startup), $"serve did not start: {serve.StdOutSoFar} {serve.StdErrSoFar}");
        output.WriteLine($"{total.Elapsed.TotalSeconds:F1} s: failed over, node1 back, serving");
        using var failback = dir.Start("failback", "exch1", "--wait");

        await StepsShouldSucceedAsync(connection, FailbackScenario.FailbackId, RestartAfterStep, failback);
        var clock = Stopwatch.StartNew();
        await server.RestartImmediateAsync();
        output.WriteLine($"{total.Elapsed.TotalSeconds:F1} s: restarted after step {RestartAfterStep} in {clock.ElapsedMilliseconds} ms");

        var waited = await failback.WaitForExitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"{total.Elapsed.TotalSeconds:F1} s: {waited}");
        output.WriteLine($"--- serve's log so far ---\n{LogOf(dir)}");
        waited.ShouldExitWith(0);
        Assert.Contains($"procedure #{FailbackScenario.FailbackId} completed: exch1 is in service on node1", waited.StdOut, StringComparison.Ordinal);
        SaysUnavailableRetryingWithoutAStackTrace("failback --wait", waited.StdOut + waited.StdErr);

        await baseline.ShouldMatchAsync(dir, TestStore.Sqlite, "a failback across a database restart"); // the same story as on SQLite, uninterrupted

        var stopped = await serve.StopAsync(TimeSpan.FromSeconds(20));
        var log = LogOf(dir);
        stopped.ShouldExitWith(0);
        SaysUnavailableRetryingWithoutAStackTrace("serve's log", log + stopped.StdOut + stopped.StdErr);
        // Counted in the text, not by line: the CLI's lines share the file and may cut into serve's.
        var said = log.Split($"[WRN] {Unavailable}").Length - 1;
        Assert.True(said == 1, $"serve's log should say the outage once, not {said} times");
        Assert.Contains("Database available again after", log, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_command_started_while_the_database_is_down_retries_and_succeeds_when_it_returns_within_the_retry_window()
    {
        Skip.If(PostgresServer.MissingReason is not null, PostgresServer.MissingReason);
        var server = own.Server!;
        var connection = await server.CreateDatabaseAsync();
        using var dir = new TempDataDir();
        dir.Environment["ORCHESTRATOR_STORE"] = "postgres";
        dir.Environment["ORCHESTRATOR_CONNECTION"] = connection;
        (await dir.RunAsync("db", "migrate")).ShouldExitWith(0);
        await dir.ApplyAsync(Samples.TwoNode);

        await server.StopImmediateAsync();
        using var status = dir.Start("status");
        var clock = Stopwatch.StartNew();
        while (!status.StdErrSoFar.Contains(Unavailable, StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20) && !status.HasExited, $"status did not say the database is unavailable: {status.StdOutSoFar} {status.StdErrSoFar}");
            await Task.Delay(20);
        }

        await server.StartAgainAsync();
        var result = await status.WaitForExitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine(result.ToString());
        result.ShouldExitWith(0);
        Assert.Contains("exch1", result.StdOut, StringComparison.Ordinal);
        SaysUnavailableRetryingWithoutAStackTrace("status", result.StdErr);
    }

    /// <summary>Waits until procedure <paramref name="id"/> has <paramref name="steps"/> StepSucceeded rows in the journal.</summary>
    private static async Task StepsShouldSucceedAsync(string connection, long id, int steps, RunningOrchestrator cli)
    {
        var clock = Stopwatch.StartNew();
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var count = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM audit_log WHERE procedure_id = @id AND trigger_name = 'StepSucceeded')
                 + (SELECT count(*) FROM audit_pending WHERE procedure_id = @id AND trigger_name = 'StepSucceeded')
            """, db); // committed rows, linked into the chain or still pending (db/postgres/0013)
        count.Parameters.AddWithValue("id", id);
        while (Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) < steps)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30) && !cli.HasExited, $"procedure #{id} did not reach step {steps}: {cli.StdOutSoFar} {cli.StdErrSoFar}");
            await Task.Delay(20);
        }
    }

    /// <summary>The data directory's log (serve's, and the lines the CLI processes wrote there).</summary>
    private static string LogOf(TempDataDir dir) =>
        string.Join("\n", Directory.GetFiles(Path.Combine(dir.Path, "logs"), "*.log").Select(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return new StreamReader(stream).ReadToEnd();
        }));

    private static void SaysUnavailableRetryingWithoutAStackTrace(string what, string text)
    {
        var said = text.Split('\n').FirstOrDefault(l => l.Contains(Unavailable, StringComparison.Ordinal));
        Assert.True(said is not null && said.Contains("retrying", StringComparison.Ordinal), $"{what} does not say \"{Unavailable}...; retrying\":\n{text}");
        Assert.DoesNotContain("Unhandled", text, StringComparison.Ordinal);
        Assert.False(text.Split('\n').Any(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) && l.Contains(" in ", StringComparison.Ordinal) || l.Contains("   at ", StringComparison.Ordinal)),
            $"{what} shows a stack trace:\n{text}");
    }
}
