namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// The SQL Server store wired into the CLI (issue 13 point 2), where no SQL Server runs: a server that does not answer is
/// "database unavailable (host:port): reason; retrying" on one line, then exit 1, without a stack trace or the password.
/// </summary>
public sealed class SqlServerStoreCliTests
{
    private const string Secret = "Secret123-sqlsrv";

    [Fact]
    public async Task AnUnreachableSqlServer_IsOneLine_DatabaseUnavailableRetrying_ThenExit1_WithoutAStackTraceOrThePassword()
    {
        using var dir = new TempDataDir();
        // Nothing listens on port 1; a short connect timeout keeps the three tries quick.
        var connection = $"Server=127.0.0.1,1;Database=orch;User Id=sa;Password={Secret};Connect Timeout=2;Connect Retry Count=0;TrustServerCertificate=true";
        foreach (var command in new[]
                 {
                     new[] { "--store", "sqlserver", "--connection", connection, "db", "check" }, ["--store", "sqlserver", "--connection", connection, "status"],
                     ["--store", "sqlserver", "--connection", connection, "world", "show"], // the world is in the database too
                 })
        {
            var result = await dir.RunAsync(command);
            result.ShouldExitWith(1);
            var lines = result.MessageLines;
            Assert.True(lines.Count == 2, $"expected the retrying line and the error; {result}");
            Assert.StartsWith("database unavailable (127.0.0.1:1): ", lines[0], StringComparison.Ordinal);
            Assert.EndsWith("; retrying", lines[0], StringComparison.Ordinal);
            Assert.Contains("database unavailable (127.0.0.1:1): ", lines[1], StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
            Assert.DoesNotContain("invariant globalization", result.StdErr, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, result.StdOut + result.StdErr, StringComparison.Ordinal);
            Assert.True(result.Elapsed < TimeSpan.FromSeconds(10), $"three tries about a second apart; {result}");
        }

        StoreSelectionCliTests.AssertNoLogHolds(dir.Path, Secret);
    }
}
