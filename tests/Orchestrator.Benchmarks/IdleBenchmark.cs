using System.Diagnostics;
using System.Globalization;
using Orchestrator.Testing;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The real built CLI's <c>serve</c> as a child process on a data directory with 1,000 hierarchies and a 1 s monitor
/// interval: the time until it answers (the dashboard over HTTP on its loopback port, and <c>status</c> through the
/// CLI), then, after a warm-up, its CPU (utime + stime from /proc/PID/stat over a window) and RSS (VmRSS).
/// Targets: answers within 2 s of start, ≤ 5% of a core, ≤ 150 MB.
/// </summary>
internal static class IdleBenchmark
{
    private const double AnswerFloorSeconds = 2;
    private const double CpuFloorPercent = 5;
    private const double RssFloorMegabytes = 150;

    /// <summary>Linux clock ticks per second (USER_HZ), the unit of utime and stime in /proc/PID/stat.</summary>
    private const double ClockTicks = 100;

    public static async Task<IReadOnlyList<Verdict>> RunAsync(BenchOptions options, string dataDirectory, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var hierarchies = options.Quick ? 200 : 1_000;
        var nodes = options.Quick ? 20 : 50;
        var answerLimit = TimeSpan.FromSeconds(options.Quick ? 30 : 120);
        var warmup = TimeSpan.FromSeconds(options.Quick ? 3 : 10);
        var window = TimeSpan.FromSeconds(options.Quick ? 5 : 30);
        Console.WriteLine(string.Create(inv, $"== idle: `orchestrator serve` (the real CLI process) at {hierarchies:N0} hierarchies, monitor every 1 s =="));
        if (!File.Exists("/proc/self/stat"))
        {
            return [new Verdict(2, "idle benchmark invalid: needs Linux /proc to read the child's CPU and RSS")];
        }

        var directory = Path.Combine(dataDirectory, "idle");
        try
        {
            if (await ScaleSetup.PrepareAsync(directory, hierarchies, nodes, nodes / 5, automaticFailover: true, TimeSpan.FromSeconds(options.Quick ? 120 : 300), cancellationToken).ConfigureAwait(false) is null)
            {
                return [new Verdict(1, string.Create(inv, $"idle serve at {hierarchies:N0} hierarchies: not measured, the set-up did not finish: FAIL"))];
            }

            return await MeasureAsync(directory, hierarchies, answerLimit, warmup, window, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            StatusBenchmark.TryDelete(directory);
        }
    }

    private static async Task<IReadOnlyList<Verdict>> MeasureAsync(string directory, int hierarchies, TimeSpan answerLimit, TimeSpan warmup, TimeSpan window, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var started = Stopwatch.GetTimestamp();
        using var serve = OrchestratorProcess.Start(["--data-dir", directory, "serve", "--listen", "127.0.0.1:0"]);
        try
        {
            // `status` through the CLI, started with serve; and the dashboard, polled once serve has printed its address.
            var status = OrchestratorProcess.RunAsync(["--data-dir", directory, "status"], timeout: answerLimit, cancellationToken: cancellationToken);
            var dashboard = DashboardAnswersAsync(serve, started, answerLimit, cancellationToken);
            var statusResult = await status.ConfigureAwait(false);
            var statusSeconds = statusResult.Succeeded ? Stopwatch.GetElapsedTime(started).TotalSeconds : (double?)null;
            var dashboardSeconds = await dashboard.ConfigureAwait(false);
            var address = ServeProcess.DashboardAddress(serve.StdOutSoFar);
            Console.WriteLine(string.Create(inv, $"status      `status` started with serve: {statusResult.Describe()}"));
            Console.WriteLine(dashboardSeconds is { } d
                ? string.Create(inv, $"dashboard   answered HTTP 200 {d:F2} s after serve started")
                : string.Create(inv, $"dashboard   did not answer within {answerLimit.TotalSeconds:F0} s{(address is not null ? $" ({address})" : " (no address printed)")}"));
            if (serve.HasExited)
            {
                return [new Verdict(2, $"idle benchmark invalid: serve exited {serve.ExitCode}")];
            }

            await Task.Delay(warmup, cancellationToken).ConfigureAwait(false);
            var (ticksBefore, at) = (CpuTicks(serve.Id), Stopwatch.GetTimestamp());
            var rssPeak = 0L;
            var windowEnd = Stopwatch.GetTimestamp() + (long)(window.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < windowEnd && !serve.HasExited)
            {
                rssPeak = Math.Max(rssPeak, RssKilobytes(serve.Id));
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }

            if (serve.HasExited)
            {
                return [new Verdict(2, $"idle benchmark invalid: serve exited {serve.ExitCode} during the window")];
            }

            var cpuPercent = (CpuTicks(serve.Id) - ticksBefore) / ClockTicks / Stopwatch.GetElapsedTime(at).TotalSeconds * 100;
            var rssMegabytes = rssPeak / 1024.0;
            Console.WriteLine(string.Create(inv, $"cpu         {cpuPercent:F1}% of a core over {window.TotalSeconds:F0} s (after {warmup.TotalSeconds:F0} s of warm-up), /proc/{serve.Id}/stat utime+stime"));
            Console.WriteLine(string.Create(inv, $"rss         {rssMegabytes:F0} MB (highest VmRSS sampled each second of the window)"));
            Console.WriteLine();

            var answered = statusSeconds is not null && dashboardSeconds is not null ? Math.Max(statusSeconds.Value, dashboardSeconds.Value) : (double?)null;
            var answerPass = answered <= AnswerFloorSeconds;
            var cpuPass = cpuPercent <= CpuFloorPercent;
            var rssPass = rssMegabytes <= RssFloorMegabytes;
            var answerText = answered is { } a
                ? string.Create(inv, $"after {a:F2} s (dashboard {dashboardSeconds:F2} s, status {statusSeconds:F2} s)")
                : string.Create(inv, $"not within {answerLimit.TotalSeconds:F0} s (dashboard {(dashboardSeconds is { } ds ? ds.ToString("F2", inv) + " s" : "no answer")}, status {(statusSeconds is { } ss ? ss.ToString("F2", inv) + " s" : "no answer")})");
            return
            [
                new Verdict(answerPass ? 0 : 1, string.Create(inv, $"serve answers at {hierarchies:N0} hierarchies {answerText} (floor {AnswerFloorSeconds:0} s): {(answerPass ? "PASS" : "FAIL")}")),
                new Verdict(cpuPass ? 0 : 1, string.Create(inv, $"idle serve at {hierarchies:N0} hierarchies: {cpuPercent:F1}% of a core (floor {CpuFloorPercent:0}%): {(cpuPass ? "PASS" : "FAIL")}")),
                new Verdict(rssPass ? 0 : 1, string.Create(inv, $"idle serve at {hierarchies:N0} hierarchies: RSS {rssMegabytes:F0} MB (floor {RssFloorMegabytes:0} MB): {(rssPass ? "PASS" : "FAIL")}")),
            ];
        }
        finally
        {
            // SIGTERM as an operator would stop it; SIGKILL if it has not stopped 15 s later.
            await serve.StopAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        }
    }

    /// <summary>Seconds from <paramref name="started"/> to the first HTTP 200 from the dashboard, or null within the limit.</summary>
    private static async Task<double?> DashboardAnswersAsync(RunningOrchestrator serve, long started, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (Stopwatch.GetElapsedTime(started) < limit)
        {
            if (ServeProcess.DashboardAddress(serve.StdOutSoFar) is { } url)
            {
                try
                {
                    using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        return Stopwatch.GetElapsedTime(started).TotalSeconds;
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // the request timed out: serve is busy
                }
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>utime + stime of the process, in clock ticks (fields 14 and 15 of /proc/PID/stat, after the command name).</summary>
    internal static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>VmRSS of the process, in kB.</summary>
    internal static long RssKilobytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

}
