namespace Orchestrator.Testing;

/// <summary>What one run of the CLI did: its exit code and everything it printed (killed when it ran past its time limit).</summary>
public sealed record ProcessResult(IReadOnlyList<string> Arguments, int ExitCode, string StdOut, string StdErr, bool TimedOut, TimeSpan Elapsed)
{
    /// <summary>Ended by itself with exit code 0.</summary>
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>Non-empty lines written to stderr.</summary>
    public IReadOnlyList<string> ErrorLines =>
        StdErr.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Stderr lines that are not log events (<c>[WRN] ...</c> or CLEF <c>{"@t":...}</c>).</summary>
    public IReadOnlyList<string> MessageLines =>
        ErrorLines.Where(l => !IsLogLine(l)).ToList();

    public static bool IsLogLine(string line) =>
        line.StartsWith('{') || (line.Length > 5 && line[0] == '[' && line[4] == ']');

    /// <summary>Asserts the run ended by itself with <paramref name="expected"/>; the failure shows everything it printed.</summary>
    public ProcessResult ShouldExitWith(int expected)
    {
        Assert.True(!TimedOut && ExitCode == expected, $"expected exit code {expected}; {this}");
        return this;
    }

    /// <summary>One line: how it ended and after how long (with the first error line when it failed).</summary>
    public string Describe() => TimedOut
        ? $"killed after {Elapsed.TotalSeconds:F1} s (time limit)"
        : $"exit {ExitCode} after {Elapsed.TotalSeconds:F1} s{(ExitCode == 0 ? "" : ": " + (ErrorLines.FirstOrDefault() ?? ""))}";

    public override string ToString() =>
        $"`orchestrator {string.Join(' ', Arguments)}` exited {(TimedOut ? "by TIMEOUT (killed)" : ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture))} after {Elapsed.TotalMilliseconds:F0} ms\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}
