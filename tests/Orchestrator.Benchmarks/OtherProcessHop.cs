using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Hangfire;
using Hangfire.States;
using Orchestrator.Storage.PostgreSql;

namespace Orchestrator.Benchmarks;

/// <summary>
/// A job enqueued on Hangfire.PostgreSql by another process (as another runner or the CLI would), run by this process's
/// server: what wakes an idle worker. The child is this benchmark started with <see cref="Flag"/>; it stamps the job
/// with its <see cref="Stopwatch"/> timestamp right before the enqueue, and the job measures the time since.
/// </summary>
internal static class OtherProcessHop
{
    public const string Flag = "--enqueue-hop";

    /// <summary>The child's side: <c>--enqueue-hop CONNECTION LONG_POLLING TOKEN</c>.</summary>
    public static int Enqueue(string[] args)
    {
        if (args.Length != 4 || !bool.TryParse(args[2], out var longPolling) || !Guid.TryParse(args[3], out var token))
        {
            Console.Error.WriteLine($"usage: {Flag} CONNECTION true|false TOKEN");
            return 2;
        }

        var options = PostgreSqlStorageServiceCollectionExtensions.JobStorageOptions();
        options.EnableLongPolling = longPolling;
        options.PrepareSchemaIfNecessary = false;
        var client = new BackgroundJobClient(PostgreSqlStorageServiceCollectionExtensions.CreateJobStorage(args[1], options));

        // Warm the client (JIT, connection) on a queue no server reads, so the measured enqueue is the second one.
        client.Create(() => QueueHopJob.SignalSince(Guid.Empty, 0), new EnqueuedState("bench_nobody"));
        var at = Stopwatch.GetTimestamp();
        client.Enqueue(() => QueueHopJob.SignalSince(token, at));
        return 0;
    }

    /// <summary>One hop: starts the child, waits for the job to run here; the time from the child's enqueue to the run.</summary>
    public static async Task<TimeSpan> HopAsync(string connectionString, bool longPolling, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        var ran = QueueHopJob.RegisterTimed(token);
        var self = Assembly.GetEntryAssembly()!.Location;
        var host = System.Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardError = true };
        if (Path.GetFileName(host) is "dotnet" or "dotnet.exe")
        {
            start.ArgumentList.Add(self); // run through the dotnet host (else the host is this benchmark's own apphost)
        }

        foreach (var argument in new[] { Flag, connectionString, longPolling.ToString(CultureInfo.InvariantCulture), token.ToString() })
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the enqueuing process");
        var errors = child.StandardError.ReadToEndAsync(cancellationToken);
        await child.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (child.ExitCode != 0)
        {
            QueueHopJob.ForgetTimed(token);
            throw new InvalidOperationException($"the enqueuing process failed ({child.ExitCode}): {await errors.ConfigureAwait(false)}");
        }

        try
        {
            return await ran.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            QueueHopJob.ForgetTimed(token);
            throw new TimeoutException($"a job enqueued by another process did not run within {timeout.TotalSeconds:F0} s");
        }
    }
}
