using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 11 (idle serve): serve's monitor keeps a quiet round's answers while nothing is written to the world, and a
/// node failed by another process (the CLI) while it runs still moves the world's observation mark: the failure is
/// counted from the next round, and the hierarchy is failed over after the threshold.
/// </summary>
public sealed class ServeMonitorTests
{
    [Fact]
    public async Task A_node_failed_by_the_cli_while_serve_idles_is_failed_over_by_its_monitor_after_the_threshold()
    {
        using var dir = new TempDataDir();
        var yaml = dir.Sibling("two-node-monitor-1s.yaml");
        var text = File.ReadAllText(Samples.TwoNode).ReplaceLineEndings("\n");
        await File.WriteAllTextAsync(yaml, text.Replace("  # monitor-interval: 5\n  # failure-threshold: 3", "  monitor-interval: 1\n  failure-threshold: 2", StringComparison.Ordinal));
        await dir.ApplyAsync(yaml);
        using var serve = dir.Start("serve");
        Assert.True(await serve.WaitForOutputAsync("serving", TimeSpan.FromSeconds(30)), $"serve did not start: {serve.StdOutSoFar}");
        await Task.Delay(TimeSpan.FromSeconds(3)); // quiet rounds: from the second one on, answered from the first

        (await dir.RunAsync("world", "fail-node", "node1")).ShouldExitWith(0);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await dir.ProcedureCountAsync() == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"no failover 15 s after node1 failed (monitor every 1 s, threshold 2): {serve.StdOutSoFar}");
            await Task.Delay(200);
        }

        var failover = await dir.PollProcedureAsync(1, p => !p.IsActive, TimeSpan.FromSeconds(30));
        (await serve.StopAsync(TimeSpan.FromSeconds(20))).ShouldExitWith(0);
        Assert.Equal(("failover", "Completed"), (failover.Kind, failover.State));
        Assert.Equal(["node2"], (await dir.WorldAsync()).InServiceNodesOf("exch1"));
        var audit = (await dir.RunAsync("audit", "list", "--hierarchy", "exch1", "--json")).ShouldExitWith(0);
        Assert.Contains("node1 unreachable on 1/1 paths from live peers (node2) on 2 consecutive checks", audit.StdOut, StringComparison.Ordinal);
    }
}
