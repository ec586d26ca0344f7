using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 15, "Start-up cost": `procedures list` pages with --limit/--after (newest first; --after ID continues with the
/// procedures older than ID) and says when more exist — a last line in plain output, <c>more</c> and <c>nextAfter</c>
/// in --json — instead of silently returning the newest 100.
/// </summary>
public sealed class ProceduresPagingCliTests
{
    [Fact]
    public async Task Procedures_list_pages_with_limit_and_after_and_says_when_more_exist()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("switchover", "exch1", "--to", "node2", "--wait")).ShouldExitWith(0);
        (await dir.RunAsync("switchover", "exch1", "--to", "node1", "--wait")).ShouldExitWith(0);
        (await dir.RunAsync("switchover", "exch1", "--to", "node2")).ShouldExitWith(0); // recorded; nothing runs it (no serve)

        var first = Json.Parse<ProcedurePageJson>((await dir.RunAsync("procedures", "list", "--limit", "2", "--json")).ShouldExitWith(0));
        var second = Json.Parse<ProcedurePageJson>((await dir.RunAsync("procedures", "list", "--limit", "2", "--after", "2", "--json")).ShouldExitWith(0));
        var all = Json.Parse<ProcedurePageJson>((await dir.RunAsync("procedures", "list", "--json")).ShouldExitWith(0));
        var plain = (await dir.RunAsync("procedures", "list", "--limit", "2")).ShouldExitWith(0);
        var lastPlain = (await dir.RunAsync("procedures", "list", "--limit", "2", "--after", "2")).ShouldExitWith(0);

        Assert.Equal([3L, 2L], first.Procedures.Select(p => p.Id));
        Assert.Equal((true, (long?)2), (first.More, first.NextAfter));
        Assert.Equal([1L], second.Procedures.Select(p => p.Id));
        Assert.Equal((false, (long?)null), (second.More, second.NextAfter));
        Assert.Equal([3L, 2L, 1L], all.Procedures.Select(p => p.Id));
        Assert.False(all.More);
        var lastLine = plain.StdOut.TrimEnd().Split('\n')[^1];
        Assert.Contains("more procedures", lastLine, StringComparison.Ordinal);
        Assert.Contains("procedures list --after 2 --limit 2", lastLine, StringComparison.Ordinal);
        Assert.DoesNotContain("more procedures", lastPlain.StdOut, StringComparison.Ordinal);
        Assert.Contains("#1", lastPlain.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("#2", lastPlain.StdOut, StringComparison.Ordinal);

        (await dir.RunAsync("procedures", "list", "--limit", "0")).ShouldExitWith(2);
        var activePaged = (await dir.RunAsync("procedures", "list", "--active", "--after", "2")).ShouldExitWith(2);
        Assert.Contains("--active", activePaged.StdErr, StringComparison.Ordinal);
    }
}
