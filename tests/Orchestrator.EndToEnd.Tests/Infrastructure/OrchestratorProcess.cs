using System.Diagnostics;
using System.Text;

namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>What one run of the CLI did: its exit code and everything it printed.</summary>
public sealed record ProcessResult(IReadOnlyList<string> Arguments, int ExitCode, string StdOut, string StdErr, bool TimedOut, TimeSpan Elapsed)
{
    /// <summary>Non-empty lines written to stderr.</summary>
    public IReadOnlyList<string> ErrorLines =>
        StdErr.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Stderr lines that are not log events (<c>[WRN] ...</c> or CLEF <c>{"@t":...}</c>).</summary>
    public IReadOnlyList<string> MessageLines =>
        ErrorLines.Where(l => !IsLogLine(l)).ToList();

    public static bool IsLogLine(string line) =>
        line.StartsWith('{') || (line.Length > 5 && line[0] == '[' && line[4] == ']');

    public override string ToString() =>
        $"`orchestrator {string.Join(' ', Arguments)}` exited {(TimedOut ? "by TIMEOUT (killed)" : ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture))} after {Elapsed.TotalMilliseconds:F0} ms\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}

/// <summary>Runs the real CLI (<c>dotnet orchestrator.dll ...</c>) as a child process.</summary>
public static class OrchestratorProcess
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public const int KilledBySigKill = 128 + 9;

    public static string CliPath { get; } = Path.Combine(AppContext.BaseDirectory, "orchestrator.dll");

    /// <summary>Runs the CLI to its end (or kills it after <paramref name="timeout"/>).</summary>
    public static async Task<ProcessResult> RunAsync(
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        using var running = Start(arguments, environment);
        return await running.WaitForExitAsync(timeout ?? DefaultTimeout).ConfigureAwait(false);
    }

    /// <summary>Starts the CLI and returns at once (for <c>serve</c>, or to start several at the same time).</summary>
    public static RunningOrchestrator Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var args = arguments.ToList();
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
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        // Nothing leaks in from the test runner's environment: each test says which knobs it sets.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ORCHESTRATOR_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new RunningOrchestrator(Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet"), args);
    }

    private static string DotnetHost =>
        System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}

/// <summary>A CLI child process that is still running; collects its output as it comes.</summary>
public sealed class RunningOrchestrator : IDisposable
{
    private readonly Process _process;
    private readonly IReadOnlyList<string> _arguments;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _readOut;
    private readonly Task _readErr;

    internal RunningOrchestrator(Process process, IReadOnlyList<string> arguments)
    {
        _process = process;
        _arguments = arguments;
        _process.StandardInput.Close();
        _readOut = PumpAsync(_process.StandardOutput, _stdout);
        _readErr = PumpAsync(_process.StandardError, _stderr);
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string StdOutSoFar
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public async Task<ProcessResult> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var timedOut = false;
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(_readOut, _readErr).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        return Result(timedOut);
    }

    /// <summary>Waits until stdout contains <paramref name="text"/> (false when the process ends or time runs out first).</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (StdOutSoFar.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            if (_process.HasExited)
            {
                return false;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>SIGKILL, the process and its children: nothing of it runs any more.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    /// <summary>Asks it to stop as an operator would (SIGTERM), then waits; kills it if it does not stop in time.</summary>
    public async Task<ProcessResult> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            if (kill is not null)
            {
                await kill.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        return await WaitForExitAsync(timeout).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private ProcessResult Result(bool timedOut)
    {
        lock (_stdout)
        {
            lock (_stderr)
            {
                return new ProcessResult(_arguments, timedOut ? -1 : _process.ExitCode, _stdout.ToString(), _stderr.ToString(), timedOut, _clock.Elapsed);
            }
        }
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            lock (into)
            {
                into.Append(buffer, 0, read);
            }
        }
    }
}
