using System.Diagnostics;
using System.Text;

namespace Orchestrator.Benchmarks;

/// <summary>What one run of the real CLI did (killed when it ran past its time limit).</summary>
internal sealed record CliResult(int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed, bool TimedOut)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    public string Describe() => TimedOut
        ? $"killed after {Elapsed.TotalSeconds:F1} s (time limit)"
        : $"exit {ExitCode} after {Elapsed.TotalSeconds:F1} s{(ExitCode == 0 ? "" : ": " + FirstLine(StdErr))}";

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
}

/// <summary>
/// The real built CLI (<c>dotnet orchestrator.dll</c>, copied next to this harness by its project reference) as a
/// child process: run to its end within a time limit, or started and left running (<c>serve</c>).
/// </summary>
internal static class CliRun
{
    public static string CliPath { get; } = Path.Combine(AppContext.BaseDirectory, "orchestrator.dll");

    public static async Task<CliResult> RunAsync(string dataDirectory, TimeSpan limit, CancellationToken cancellationToken, params string[] arguments)
    {
        using var process = Start(dataDirectory, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var timedOut = false;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(limit);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                Kill(process);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        cancellationToken.ThrowIfCancellationRequested();
        return new CliResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), elapsed, timedOut);
    }

    /// <summary>Starts the CLI and returns at once; the caller reads (or drains) its output and kills it.</summary>
    public static Process Start(string dataDirectory, params string[] arguments)
    {
        if (!File.Exists(CliPath))
        {
            throw new InvalidOperationException($"the built CLI is not at {CliPath}: build tests/Orchestrator.Benchmarks first");
        }

        var info = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(CliPath);
        info.ArgumentList.Add("--data-dir");
        info.ArgumentList.Add(dataDirectory);
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ORCHESTRATOR_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        process.StandardInput.Close();
        return process;
    }

    /// <summary>SIGKILL, the process and its children.</summary>
    public static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private static string DotnetHost =>
        System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
