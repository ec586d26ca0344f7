using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>`update ...` through the real CLI: a run to its end with its report, and clear refusals with exit code 2.</summary>
public sealed class UpdateCliTests
{
    [Fact]
    public async Task Update_runs_to_its_end_and_status_prints_the_per_node_report_with_the_audit_rows()
    {
        using var dir = new TempDataDir();
        await dir.PrepareAsync();
        (await dir.UpdateAsync()).ShouldExitWith(0);

        var status = (await dir.RunAsync("update", "status", "exch1")).ShouldExitWith(0);

        Assert.Contains("rolling update #1 of exch1 to 6.5.7638: Completed, 73/73 steps", status.StdOut, StringComparison.Ordinal);
        Assert.Contains("│ node1 │ updated │ 6.5.7226", status.StdOut, StringComparison.Ordinal);
        Assert.Contains("│ node2 │ updated │ 6.5.7226", status.StdOut, StringComparison.Ordinal);
        Assert.Contains("report: the audit rows of rolling update #1", status.StdOut, StringComparison.Ordinal);
        Assert.Contains("restore the switchback type the operator had", status.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name the hierarchy", "update", "start", "--package", "6.5.7638")]
    [InlineData("is not a time", "update", "start", "exch1", "--package", "6.5.7638", "--switchback-at", "25:99")]
    [InlineData("not suspended", "update", "resume", "exch1")]
    [InlineData("no rolling update of exch1", "update", "status", "exch1")]
    [InlineData("needs exactly two", "update", "start", "exch1", "--package", "6.5.7638")]
    public async Task Bad_update_requests_are_refused_with_exit_2_and_a_message_that_says_what_to_do(string message, params string[] arguments)
    {
        using var dir = new TempDataDir();
        var sample = message == "needs exactly two" ? Path.Combine(Samples.RepoRoot, "workflows", "samples", "cascading-3.yaml") : UpdateScenario.MirroredSample;
        await dir.ApplyAsync(sample);
        if (message == "not suspended")
        {
            (await dir.RunAsync("update", "start", "exch1", "--package", "6.5.7638")).ShouldExitWith(0);
        }

        var refused = (await dir.RunAsync(arguments)).ShouldExitWith(2);

        Assert.Contains(message, refused.StdErr, StringComparison.Ordinal);
    }
}
