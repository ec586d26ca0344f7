namespace Orchestrator.Dashboard.Tests.Infrastructure;

/// <summary>What one run of the CLI did: its exit code and everything it printed.</summary>
public sealed record ProcessResult(IReadOnlyList<string> Arguments, int ExitCode, string StdOut, string StdErr, bool TimedOut, TimeSpan Elapsed)
{
    public ProcessResult ShouldExitWith(int expected)
    {
        Assert.True(!TimedOut && ExitCode == expected, $"expected exit code {expected}; {this}");
        return this;
    }

    public override string ToString() =>
        $"`orchestrator {string.Join(' ', Arguments)}` exited {(TimedOut ? "by TIMEOUT (killed)" : ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture))} after {Elapsed.TotalMilliseconds:F0} ms\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}
