using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Orchestrator.Dashboard.Tests;

/// <summary>
/// Issue 15, "The web surface": a flood of wrong passwords at the dashboard (8 clients at once, for the whole detection
/// window) does not slow the health monitor that runs in the same `serve`: a failed node is still failed over within the
/// monitor's interval × threshold plus a margin, measured from the failover's own creation time; and the flood is
/// answered 429 past the limit instead of paying a PBKDF2 hash per request.
/// </summary>
public sealed class AuthFloodDetectionTests(ITestOutputHelper output)
{
    private const string User = "operator";
    private const string Password = "correct horse battery staple";
    private const int Clients = 8;
    private const int IntervalSeconds = 1;
    private const int Threshold = 2;

    /// <summary>Interval × threshold, one more interval (the failure is counted from the next round) and room for a shared machine.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds((IntervalSeconds * (Threshold + 1)) + 3);

    [Fact]
    public async Task A_failed_node_is_failed_over_within_the_monitor_bound_while_wrong_passwords_flood_the_dashboard()
    {
        using var dir = new TempDataDir();
        var yaml = dir.Sibling("two-node-monitor-1s.yaml");
        var text = File.ReadAllText(Samples.TwoNode).ReplaceLineEndings("\n");
        await File.WriteAllTextAsync(yaml, text.Replace("  # monitor-interval: 5\n  # failure-threshold: 3",
            $"  monitor-interval: {IntervalSeconds}\n  failure-threshold: {Threshold}", StringComparison.Ordinal));
        await dir.ApplyAsync(yaml);
        (await dir.RunWithInputAsync(Password + "\n", "dashboard", "set-password", User)).ShouldExitWith(0);
        await using var serve = await ServeProcess.StartAsync(dir);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, serve.Url("/api/status"), Password)).StatusCode); // signed in once

        var cpuBefore = CpuSeconds(serve.ProcessId);
        var window = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var answers = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        var flood = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    using var wrong = await GetAsync(client, serve.Url("/api/status"), $"guess {c}.{i}", stop.Token);
                    answers.Add(wrong.StatusCode);
                    await Task.Delay(20, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(1)); // the flood is on before the node fails
        (await dir.RunAsync("world", "fail-node", "node1")).ShouldExitWith(0);
        var failedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        DateTimeOffset? detectedAt = null;
        while (detectedAt is null && clock.Elapsed < Bound + TimeSpan.FromSeconds(20))
        {
            using var listed = await GetAsync(http, serve.Url("/api/procedures"), Password);
            detectedAt = JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
                .Where(p => p.GetProperty("kind").GetString() == "failover")
                .Select(p => (DateTimeOffset?)p.GetProperty("createdAt").GetDateTimeOffset())
                .FirstOrDefault();
            await Task.Delay(200);
        }

        await stop.CancelAsync();
        await Task.WhenAll(flood);
        var cpu = CpuSeconds(serve.ProcessId) - cpuBefore;
        var counts = answers.GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());
        var detection = detectedAt - failedAt;
        output.WriteLine($"detection {detection?.TotalSeconds:F2} s (bound {Bound.TotalSeconds} s); flood answers: {string.Join(", ", counts.Select(kv => $"{(int)kv.Key}×{kv.Value}"))}; "
            + $"serve's CPU {cpu:F2} s in {window.Elapsed.TotalSeconds:F1} s");
        (await serve.StopAsync()).ShouldExitWith(0);

        Assert.True(detection is { } d && d <= Bound, $"failover detected {detection?.TotalSeconds:F2} s after node1 failed, bound {Bound.TotalSeconds} s");
        Assert.True(counts.GetValueOrDefault(HttpStatusCode.Unauthorized) >= 1, "the flood reached the password check");
        Assert.True(counts.GetValueOrDefault(HttpStatusCode.TooManyRequests) >= Clients, "the flood was limited (429)");
    }

    /// <summary>User plus system CPU time of a process, in seconds (Linux /proc; 0 elsewhere): reported, not asserted (a shared machine gives serve what it gives).</summary>
    private static double CpuSeconds(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return 0;
        }

        var text = File.ReadAllText(stat);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' '); // after "pid (name) ": state, ppid, … utime is field 14, stime 15
        return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, Uri url, string password, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{password}")));
        return await http.SendAsync(request, cancellationToken);
    }
}
