using System.Net;
using Microsoft.Data.Sqlite;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 11 (serve answers within 2 s at 1,000 hierarchies): serve's dashboard listens and answers before the runtime
/// has started (world reconcile, workers, sweeper); "serving" is printed once the runtime runs.
/// </summary>
public sealed class ServeStartTests
{
    [Fact]
    public async Task TheDashboardAnswers_WhileTheRuntimeStartIsStillWaiting_AndServingFollowsOnceItRuns()
    {
        using var dir = new TempDataDir();
        (await dir.RunAsync("cluster", "apply", Samples.TwoNode)).ShouldExitWith(0);

        using var serve = WithDatabaseWriteLocked(dir, out var release);
        try
        {
            // Another writer holds world.db: the runtime's start (it first reconciles the world with the stored definition,
            // a write) waits for it; reads go on, so the dashboard can answer.
            Assert.True(await serve.WaitForOutputAsync("dashboard at", TimeSpan.FromSeconds(25)),
                $"the dashboard did not listen while the runtime's start waited; stdout: {serve.StdOutSoFar} stderr: {serve.StdErrSoFar}");
            var dashboard = ServeProcess.DashboardAddress(serve.StdOutSoFar)!;
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
            // The procedures (orchestrator.db); the world's own reads wait for its writer, as they would for the reconcile.
            using var procedures = await http.GetAsync(new Uri(dashboard, "api/procedures"));
            Assert.Equal(HttpStatusCode.OK, procedures.StatusCode);
            Assert.DoesNotContain("\nserving ", "\n" + serve.StdOutSoFar, StringComparison.Ordinal);
        }
        finally
        {
            release();
        }

        Assert.True(await serve.WaitForOutputAsync("\nserving ", TimeSpan.FromSeconds(30)) || serve.StdOutSoFar.StartsWith("serving ", StringComparison.Ordinal),
            $"serve did not say it was serving once the database was free; stdout: {serve.StdOutSoFar} stderr: {serve.StdErrSoFar}");
        (await serve.StopAsync(TimeSpan.FromSeconds(20))).ShouldExitWith(0);
    }

    /// <summary>Holds world.db's write lock (BEGIN IMMEDIATE, no pooling) and starts serve; <paramref name="release"/> rolls back.</summary>
    private static RunningOrchestrator WithDatabaseWriteLocked(TempDataDir dir, out Action release)
    {
        var writer = new SqliteConnection($"Data Source={Path.Combine(dir.Path, "world.db")};Pooling=False");
        writer.Open();
        var transaction = writer.BeginTransaction(deferred: false);
        release = () =>
        {
            transaction.Rollback();
            transaction.Dispose();
            writer.Dispose();
        };
        return dir.Start("serve", "--listen", "127.0.0.1:0");
    }
}
