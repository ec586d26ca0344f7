using System.Diagnostics;
using System.Text;

namespace Orchestrator.Testing;

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

    internal RunningOrchestrator(Process process, IReadOnlyList<string> arguments, string? standardInput)
    {
        _process = process;
        _arguments = arguments;
        if (standardInput is not null)
        {
            _process.StandardInput.Write(standardInput);
        }

        _process.StandardInput.Close();
        _readOut = PumpAsync(_process.StandardOutput, _stdout);
        _readErr = PumpAsync(_process.StandardError, _stderr);
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    public string StdOutSoFar => Read(_stdout);

    public string StdErrSoFar => Read(_stderr);

    /// <summary>Waits for its end; kills it after <paramref name="timeout"/> (a timed-out result) or when <paramref name="cancellationToken"/> fires (then throws).</summary>
    public async Task<ProcessResult> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            Kill();
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await Task.WhenAll(_readOut, _readErr).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_stdout)
        {
            lock (_stderr)
            {
                return new ProcessResult(_arguments, timedOut ? -1 : _process.ExitCode, _stdout.ToString(), _stderr.ToString(), timedOut, _clock.Elapsed);
            }
        }
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
                return StdOutSoFar.Contains(text, StringComparison.Ordinal);
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        return false;
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

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private static string Read(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
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
