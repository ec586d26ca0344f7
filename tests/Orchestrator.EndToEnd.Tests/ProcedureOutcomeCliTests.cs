using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>Issue 10 point 6: a move that did not move everything is not reported "completed" with exit 0.</summary>
public sealed class ProcedureOutcomeCliTests
{
    [Fact]
    public async Task A_failover_and_a_users_move_that_leave_bob_behind_exit_1_naming_bob()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("world", "add-user", "alice", "--domain", "example.com", "--home", "node1")).ShouldExitWith(0);
        (await dir.RunAsync("world", "add-user", "bob", "--domain", "example.com", "--home", "node1")).ShouldExitWith(0);
        (await dir.RunAsync("world", "fail-user-move", "bob")).ShouldExitWith(0);
        (await dir.RunAsync("world", "fail-node", "node1")).ShouldExitWith(0);

        var failover = (await dir.RunAsync("failover", "exch1", "--wait")).ShouldExitWith(1);
        Assert.Contains("procedure #1 completed with warnings: exch1 is in service on node2", failover.StdOut, StringComparison.Ordinal);
        Assert.Contains("28523: 1 user(s) failed to move (bob)", failover.StdOut, StringComparison.Ordinal);
        Assert.Equal("CompletedWithWarnings", (await dir.ProcedureAsync(1)).State);

        var move = (await dir.RunAsync("users", "move", "--user", "bob", "--wait")).ShouldExitWith(1);
        Assert.Contains("procedure #2 failed", move.StdOut, StringComparison.Ordinal);
        Assert.Contains("still failing: bob", move.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("procedure #2 completed", move.StdOut, StringComparison.Ordinal);
        var shown = await dir.ProcedureAsync(2);
        Assert.Equal("Failed", shown.State);
        Assert.False(shown.IsActive);

        // Once bob can move, the same request completes with exit 0.
        (await dir.RunAsync("world", "clear-faults")).ShouldExitWith(0);
        var again = (await dir.RunAsync("users", "move", "--user", "bob", "--wait")).ShouldExitWith(0);
        Assert.Contains("procedure #3 completed", again.StdOut, StringComparison.Ordinal);
        Assert.Empty((await dir.WorldAsync()).Violations);
        await dir.AuditChainShouldHoldAsync();
    }
}
