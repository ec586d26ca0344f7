using Npgsql;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// The built CLI on PostgreSQL (the process's throwaway cluster; skipped with the reason when its binaries are missing):
/// `db check` (not ready) → `db migrate` → `db check` (ready) → `cluster apply` → `status`, the password never shown.
/// </summary>
public sealed class PostgresStoreCliTests
{
    private const string Secret = "pg-s3cr3t-Pa55";

    private static async Task<string> DatabaseAsync()
    {
        Skip.If(PostgresServer.MissingReason is not null, PostgresServer.MissingReason);
        var server = await PostgresServer.GetAsync();
        // Trust authentication on loopback ignores the password: it is there to be hidden.
        return new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync()) { Password = Secret }.ConnectionString;
    }

    [SkippableFact]
    public async Task DbCheck_NotReady_Migrate_Ready_ThenApplyAndStatus_WithoutEverShowingThePassword()
    {
        var connection = await DatabaseAsync();
        using var dir = new TempDataDir();
        dir.Environment["ORCHESTRATOR_STORE"] = "postgres";
        dir.Environment["ORCHESTRATOR_CONNECTION"] = connection;
        var outputs = new List<ProcessResult>();
        async Task<ProcessResult> Run(int exitCode, params string[] command)
        {
            var result = (await dir.RunAsync(command)).ShouldExitWith(exitCode);
            outputs.Add(result);
            return result;
        }

        var notReady = await Run(1, "db", "check");
        Assert.Contains("not ready", notReady.StdOut, StringComparison.Ordinal);
        Assert.Contains("0001_schema.sql", notReady.StdOut, StringComparison.Ordinal);
        var refused = await Run(1, "status");
        Assert.Contains("run `orchestrator db migrate`", refused.StdErr, StringComparison.Ordinal);

        var migrate = await Run(0, "db", "migrate");
        Assert.Contains("applied 0001_schema.sql", migrate.StdOut, StringComparison.Ordinal);
        var ready = await Run(0, "--json", "db", "check");
        Assert.Contains("\"ready\": true", ready.StdOut, StringComparison.Ordinal);
        Assert.Contains("Password=***", ready.StdOut, StringComparison.Ordinal);

        await Run(0, "cluster", "apply", Samples.TwoNode);
        var status = await Run(0, "--json", "status");
        Assert.Contains("EXCH", status.StdOut, StringComparison.OrdinalIgnoreCase);

        await using (var db = new NpgsqlConnection(connection))
        {
            await db.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM cluster_definitions", db);
            Assert.Equal(1L, await count.ExecuteScalarAsync()); // the definition is in PostgreSQL, not in the data directory
        }

        Assert.False(File.Exists(Path.Combine(dir.Path, "orchestrator.db")));
        Assert.All(outputs, o => Assert.DoesNotContain(Secret, o.StdOut + o.StdErr, StringComparison.Ordinal));
        StoreSelectionCliTests.AssertNoLogHolds(dir.Path, Secret);
    }

    [SkippableFact]
    public async Task TheStore_ComesFromTheFlags_OrFromOrchestratorJson_InTheDataDirectory()
    {
        var connection = await DatabaseAsync();
        using var dir = new TempDataDir();
        var migrate = (await dir.RunAsync("--store", "postgres", "--connection", connection, "db", "migrate")).ShouldExitWith(0);
        Assert.Contains("PostgreSQL database", migrate.StdOut, StringComparison.Ordinal);
        var again = (await dir.RunAsync("--store", "postgres", "--connection", connection, "db", "migrate")).ShouldExitWith(0);
        Assert.Contains("nothing to apply", again.StdOut, StringComparison.Ordinal);

        Directory.CreateDirectory(dir.Path);
        await File.WriteAllTextAsync(
            Path.Combine(dir.Path, "orchestrator.json"),
            System.Text.Json.JsonSerializer.Serialize(new { store = "postgres", connection }));
        var check = (await dir.RunAsync("db", "check")).ShouldExitWith(0);
        Assert.Contains("ready: the PostgreSQL database", check.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, migrate.StdOut + migrate.StdErr + check.StdOut + check.StdErr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ADatabaseThatRefusesTheConnection_IsOneErrorLine_Exit1_WithoutAStackTraceOrThePassword()
    {
        var connection = new NpgsqlConnectionStringBuilder(await DatabaseAsync()) { Database = "no_such_database" }.ConnectionString;
        using var dir = new TempDataDir();
        foreach (var command in new[] { new[] { "db", "check" }, ["db", "migrate"], ["--json", "db", "check"] })
        {
            var result = (await dir.RunAsync(["--store", "postgres", "--connection", connection, .. command])).ShouldExitWith(1);
            var error = Assert.Single(result.MessageLines);
            Assert.StartsWith("error: ", error, StringComparison.Ordinal);
            Assert.Contains("no_such_database", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, result.StdOut + result.StdErr, StringComparison.Ordinal);
        }

        StoreSelectionCliTests.AssertNoLogHolds(dir.Path, Secret);
    }

    [SkippableFact]
    public async Task Serve_RefusesAnUnmigratedDatabase_ServeMigrate_MigratesAndRunsASwitchover_ThroughHangfirePostgreSql()
    {
        var connection = await DatabaseAsync();
        using var dir = new TempDataDir();
        dir.Environment["ORCHESTRATOR_STORE"] = "postgres";
        dir.Environment["ORCHESTRATOR_CONNECTION"] = connection;
        var refused = (await dir.RunAsync("serve", "--no-dashboard")).ShouldExitWith(1);
        Assert.Contains("run `orchestrator db migrate`", refused.StdErr, StringComparison.Ordinal);

        using var serve = dir.Start("serve", "--migrate", "--no-dashboard");
        Assert.True(await serve.WaitForOutputAsync("serving", ServeProcess.Startup), $"serve --migrate did not start; {serve.StdOutSoFar} {serve.StdErrSoFar}");
        Assert.Contains("applied 0001_schema.sql", serve.StdOutSoFar, StringComparison.Ordinal);

        (await dir.RunAsync("cluster", "apply", Samples.TwoNode)).ShouldExitWith(0);
        var moved = (await dir.RunAsync("switchover", "exch1", "--to", "node2", "--wait")).ShouldExitWith(0);
        var stopped = (await serve.StopAsync(TimeSpan.FromSeconds(20))).ShouldExitWith(0);

        Assert.DoesNotContain(Secret, refused.StdErr + moved.StdOut + moved.StdErr + stopped.StdOut + stopped.StdErr, StringComparison.Ordinal);
        StoreSelectionCliTests.AssertNoLogHolds(dir.Path, Secret);
        var logs = string.Join("\n", Directory.GetFiles(Path.Combine(dir.Path, "logs"), "*.log").Select(f => File.ReadAllText(f)));
        Assert.Contains("Password=***", logs, StringComparison.Ordinal); // serve names its database, redacted
    }
}
