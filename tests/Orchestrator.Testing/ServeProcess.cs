using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Orchestrator.Testing;

/// <summary>`orchestrator serve` running on a data directory, with the address its dashboard listens on.</summary>
public sealed partial class ServeProcess : IAsyncDisposable
{
    public static readonly TimeSpan Startup = TimeSpan.FromSeconds(45);

    private readonly RunningOrchestrator _process;

    private ServeProcess(RunningOrchestrator process, Uri dashboard)
    {
        _process = process;
        Dashboard = dashboard;
    }

    /// <summary>The dashboard's root, reachable from this machine (a wildcard bind is reached through 127.0.0.1).</summary>
    public Uri Dashboard { get; }

    /// <summary>The serve process's id (to read its CPU time from /proc, say).</summary>
    public int ProcessId => _process.Id;

    public string StdOut => _process.StdOutSoFar;

    public string StdErr => _process.StdErrSoFar;

    /// <summary>Starts serve with <c>--listen <paramref name="listen"/></c> (a free loopback port by default) and waits for "serving".</summary>
    public static async Task<ServeProcess> StartAsync(TempDataDir dir, string listen = "127.0.0.1:0")
    {
        var process = dir.Start("serve", "--listen", listen);
        if (!await process.WaitForOutputAsync("serving", Startup).ConfigureAwait(false))
        {
            var result = await process.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            process.Dispose();
            Assert.Fail($"serve did not start; {result}");
        }

        if (DashboardAddress(process.StdOutSoFar) is not { } dashboard)
        {
            var result = await process.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            process.Dispose();
            Assert.Fail($"serve did not say where its dashboard is (`dashboard at http://…/`); {result}");
            throw new UnreachableException();
        }

        return new ServeProcess(process, dashboard);
    }

    /// <summary>
    /// The dashboard's root from serve's <c>dashboard at http://…/</c> line, reachable from this machine (a wildcard bind
    /// is reached through 127.0.0.1); null while serve has not printed it.
    /// </summary>
    public static Uri? DashboardAddress(string serveOutput)
    {
        var match = DashboardLine().Match(serveOutput);
        if (!match.Success)
        {
            return null;
        }

        var bound = new Uri(match.Groups[1].Value);
        var host = bound.Host is "0.0.0.0" or "[::]" or "::" ? "127.0.0.1" : bound.Host;
        return new UriBuilder(bound) { Host = host, Path = "/" }.Uri;
    }

    public Uri Url(string pathAndQuery) => new(Dashboard, pathAndQuery);

    public async Task<ProcessResult> StopAsync() => await _process.StopAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        _process.Dispose();
    }

    [GeneratedRegex(@"dashboard at (http://\S+?)/? ")]
    private static partial Regex DashboardLine();
}
