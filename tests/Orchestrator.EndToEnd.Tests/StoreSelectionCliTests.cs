using System.Net;
using System.Net.Sockets;
using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>Choosing the store (--store/--connection, ORCHESTRATOR_STORE/_CONNECTION, orchestrator.json) and `db check`/`db migrate` on SQLite.</summary>
public sealed class StoreSelectionCliTests
{
    private const string Secret = "s3cr3t-Pa55";

    [Fact]
    public async Task OnSqlite_DbCheck_ListsWhatIsMissing_DbMigrate_AppliesItOnce_ThenCheckIsReady()
    {
        using var dir = new TempDataDir();
        var check = await dir.RunAsync("db", "check");
        check.ShouldExitWith(1);
        Assert.Contains("not ready", check.StdOut, StringComparison.Ordinal);
        Assert.Contains("0001_procedures.sql", check.StdOut, StringComparison.Ordinal);
        Assert.Contains("orchestrator db migrate", check.StdOut, StringComparison.Ordinal);

        var migrate = await dir.RunAsync("db", "migrate");
        migrate.ShouldExitWith(0);
        Assert.Contains("applied 0001_procedures.sql", migrate.StdOut, StringComparison.Ordinal);
        var again = await dir.RunAsync("db", "migrate");
        again.ShouldExitWith(0);
        Assert.DoesNotContain("applied 0", again.StdOut, StringComparison.Ordinal);
        Assert.Contains("nothing to apply", again.StdOut, StringComparison.Ordinal);

        var ready = await dir.RunAsync("--json", "db", "check");
        ready.ShouldExitWith(0);
        Assert.Contains("\"ready\": true", ready.StdOut, StringComparison.Ordinal);
        Assert.Contains("\"store\": \"Sqlite\"", ready.StdOut, StringComparison.Ordinal);

        await dir.ApplyAsync(Samples.TwoNode);
        Assert.Contains("exch1", (await dir.RunAsync("--store", "sqlite", "status")).ShouldExitWith(0).StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrchestratorWorld_PutsTheWorldThere_AndABadValueIsExit2NamingIt_ChangingNothing()
    {
        using var dir = new TempDataDir();
        dir.Environment["ORCHESTRATOR_WORLD"] = Path.GetDirectoryName(dir.Sibling("x"))!; // a directory, not a file
        var refused = (await dir.RunAsync("cluster", "apply", Samples.TwoNode)).ShouldExitWith(2);
        refused.ShouldPrintOneError("ORCHESTRATOR_WORLD=", "is a directory");
        Assert.False(Directory.Exists(dir.Path), "a refused apply created the data directory");

        var world = dir.Sibling("shared-world.db");
        dir.Environment["ORCHESTRATOR_WORLD"] = world;
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("switchover", "exch1", "--to", "node2", "--wait")).ShouldExitWith(0);
        Assert.True(File.Exists(world));
        Assert.False(File.Exists(Path.Combine(dir.Path, "world.db")));
        Assert.Equal(["node2"], (await dir.WorldAsync()).InServiceNodesOf("exch1"));
    }

    [Fact]
    public async Task BadStoreConfiguration_IsBadInput_NamingTheValueAndTheFix()
    {
        using var dir = new TempDataDir();
        (await dir.RunAsync("--store", "mongo", "status")).ShouldExitWith(2).ShouldPrintOneError("'mongo'", "sqlite, postgres or sqlserver");
        (await dir.RunWithAsync(new Dictionary<string, string> { ["ORCHESTRATOR_STORE"] = "postgres" }, "db", "check"))
            .ShouldExitWith(2).ShouldPrintOneError("--connection", "ORCHESTRATOR_CONNECTION", "orchestrator.json");
        (await dir.RunAsync("--store", "sqlserver", "db", "migrate")).ShouldExitWith(2).ShouldPrintOneError("Server=...;Database=...;User Id=...", "ORCHESTRATOR_CONNECTION");

        Directory.CreateDirectory(dir.Path);
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "orchestrator.json"), $"{{\n  \"store\": \"postgres\",\n  \"connection\": \"Host=x;Password={Secret}\"\n  \"extra\"\n}}\n");
        var malformed = await dir.RunAsync("status");
        malformed.ShouldExitWith(2).ShouldPrintOneError(Path.Combine(dir.Path, "orchestrator.json") + ":4");
        Assert.DoesNotContain(Secret, malformed.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableDatabase_IsOneLine_DatabaseUnavailableRetrying_ThenExit1_WithoutAStackTraceOrThePassword()
    {
        using var dir = new TempDataDir();
        var port = FreePort();
        dir.Environment["ORCHESTRATOR_STORE"] = "postgres";
        dir.Environment["ORCHESTRATOR_CONNECTION"] = $"Host=127.0.0.1;Port={port};Database=orch;Username=orch;Password={Secret}";
        foreach (var command in new[] { new[] { "db", "check" }, ["db", "migrate"], ["--json", "db", "check"], ["status"] })
        {
            var result = await dir.RunAsync(command);
            result.ShouldExitWith(1);
            Assert.Contains($"database unavailable (127.0.0.1:{port}): ", result.StdErr, StringComparison.Ordinal);
            Assert.Contains("; retrying", result.StdErr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, result.StdOut + result.StdErr, StringComparison.Ordinal);
            Assert.True(result.Elapsed < TimeSpan.FromSeconds(10), $"three tries about a second apart; {result}");
        }

        AssertNoLogHolds(dir.Path, Secret);
    }

    internal static void AssertNoLogHolds(string dataDir, string secret)
    {
        var logs = Path.Combine(dataDir, "logs");
        foreach (var file in Directory.Exists(logs) ? Directory.GetFiles(logs) : [])
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Assert.DoesNotContain(secret, new StreamReader(stream).ReadToEnd(), StringComparison.Ordinal);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
