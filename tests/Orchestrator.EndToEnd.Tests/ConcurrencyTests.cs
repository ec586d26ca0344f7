using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>Two operators ask for the same switchover at the same moment: one procedure, one conflict.</summary>
public sealed class ConcurrencyTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Two_simultaneous_switchovers_give_one_procedure_and_one_conflict_naming_it(bool wait)
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        // Keeps the first procedure active long enough that the second request surely meets it, however slowly the second process starts.
        (await dir.RunAsync("world", "latency", "VolumeMount", "--ms", "500")).ShouldExitWith(0);

        string[] command = wait ? ["switchover", "exch1", "--to", "node2", "--wait"] : ["switchover", "exch1", "--to", "node2"];
        using var a = dir.Start(command);
        using var b = dir.Start(command);
        var results = await Task.WhenAll(a.WaitForExitAsync(OrchestratorProcess.DefaultTimeout), b.WaitForExitAsync(OrchestratorProcess.DefaultTimeout));

        var both = $"{results[0]}\n\n{results[1]}";
        var winners = results.Where(r => r.ExitCode == 0).ToList();
        var losers = results.Where(r => r.ExitCode == 3).ToList();
        Assert.True(winners.Count == 1 && losers.Count == 1, $"expected one exit 0 and one exit 3:\n{both}");
        var conflict = losers[0].ErrorLines.SingleOrDefault(l => l.StartsWith("conflict:", StringComparison.Ordinal));
        Assert.True(conflict is not null && conflict.Contains("#1", StringComparison.Ordinal), $"the loser should name procedure #1 in a `conflict:` line:\n{losers[0]}");
        Assert.Contains("procedure #1", winners[0].StdOut, StringComparison.Ordinal);
        Assert.Equal(1, await dir.ProcedureCountAsync());

        if (!wait)
        {
            (await dir.RunAsync("procedures", "wait", "1")).ShouldExitWith(0);
        }

        Assert.Equal("Completed", (await dir.ProcedureAsync(1)).State);
        var world = await dir.WorldAsync();
        Assert.Equal(["node2"], world.InServiceNodesOf("exch1"));
        Assert.All(world.Applied, e => Assert.True(e.Value == 1, $"{e.Key} applied {e.Value} times"));
        await dir.AuditChainShouldHoldAsync();
    }

    [Fact]
    public async Task A_move_requested_while_another_procedure_moves_the_hierarchy_exits_3_naming_it_not_already_in_service()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("switchover", "exch1", "--to", "node2")).ShouldExitWith(0); // recorded, active, not yet run (no serve)

        foreach (var command in new[] { new[] { "switchover", "exch1", "--to", "node1" }, ["failback", "exch1"], ["switchover", "exch1", "--to", "node2", "--wait"] })
        {
            var refused = (await dir.RunAsync(command)).ShouldExitWith(3);
            refused.ShouldPrintOneError("conflict:", "#1 switchover", "procedures cancel 1");
        }

        Assert.Equal(1, await dir.ProcedureCountAsync());
        (await dir.RunAsync("procedures", "wait", "1")).ShouldExitWith(0);
        Assert.Equal(["node2"], (await dir.WorldAsync()).InServiceNodesOf("exch1"));
        await dir.AuditChainShouldHoldAsync();
    }
}
