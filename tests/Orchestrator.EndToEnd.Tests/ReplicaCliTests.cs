using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>`replicas ...` through the real CLI: follow an update to its end, steer it, and clear refusals.</summary>
public sealed class ReplicaCliTests
{
    private static async Task<TempDataDir> FailedOverWithFoldersAsync(int folders, string latencyMs)
    {
        var dir = new TempDataDir();
        var yaml = dir.Sibling("two-node-replicas.yaml");
        await File.WriteAllTextAsync(yaml, File.ReadAllText(Samples.TwoNode).ReplaceLineEndings("\n").Replace(
            "  update-replica-list: false", "  update-replica-list: true\n  replica-batch-size: 100\n  replica-parallelism: 2", StringComparison.Ordinal));
        await dir.ApplyAsync(yaml);
        (await dir.RunAsync("world", "seed-folders", "--count", folders.ToString(System.Globalization.CultureInfo.InvariantCulture), "--server", "node1")).ShouldExitWith(0);
        (await dir.RunAsync("world", "latency", "PublicFolderWrite", latencyMs)).ShouldExitWith(0);
        (await dir.RunAsync("world", "fail-node", "node1")).ShouldExitWith(0);
        (await dir.RunAsync("failover", "exch1", "--wait")).ShouldExitWith(0);
        return dir;
    }

    [Fact]
    public async Task Status_wait_follows_the_update_to_its_end_with_plain_progress_lines()
    {
        using var dir = await FailedOverWithFoldersAsync(3000, "0.5");
        var before = Json.Parse<ReplicaUpdateJson>((await dir.RunAsync("replicas", "status", "exch1", "--json")).ShouldExitWith(0));
        Assert.True(before.IsActive && before.Done < 3000, $"the update should still run after the failover: {before}");

        var waited = (await dir.RunAsync("replicas", "status", "exch1", "--wait")).ShouldExitWith(0);

        Assert.Contains("Completed: 3000/3000 done, 0 failed", waited.StdOut, StringComparison.Ordinal);
        Assert.Contains("Running", waited.StdOut, StringComparison.Ordinal);
        var world = Json.Parse<FolderSummaryJson>((await dir.RunAsync("world", "folders", "--json")).ShouldExitWith(0));
        Assert.Equal(3000, world.PerServer.GetValueOrDefault("node2"));
        var audit = (await dir.RunAsync("audit", "list", "--hierarchy", "exch1")).ShouldExitWith(0);
        Assert.Contains("completed replica-list update #1", audit.StdOut, StringComparison.Ordinal);
        var status = (await dir.RunAsync("status")).ShouldExitWith(0);
        Assert.Contains("#1 Completed 3000/3000 (node1 → node2)", status.StdOut, StringComparison.Ordinal);
        Assert.Contains("update replica list on (batches of 100, 2 at once)", status.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pause_and_cancel_are_recorded_and_impossible_operations_are_refused_with_exit_2()
    {
        using var dir = await FailedOverWithFoldersAsync(2000, "2");
        (await dir.RunAsync("replicas", "pause", "exch1")).ShouldExitWith(0);
        var paused = Json.Parse<ReplicaUpdateJson>((await dir.RunAsync("replicas", "status", "exch1", "--json")).ShouldExitWith(0));
        Assert.Equal("Paused", paused.State);

        var again = (await dir.RunAsync("replicas", "pause", "exch1")).ShouldExitWith(2);
        Assert.Contains("is Paused", again.StdErr, StringComparison.Ordinal);

        (await dir.RunAsync("replicas", "cancel", "exch1")).ShouldExitWith(0);
        var retry = (await dir.RunAsync("replicas", "retry-failed", "exch1")).ShouldExitWith(2);
        Assert.Contains("Cancelled", retry.StdErr, StringComparison.Ordinal);
        var audit = (await dir.RunAsync("audit", "list", "--hierarchy", "exch1")).ShouldExitWith(0);
        Assert.Contains("paused replica-list update #1", audit.StdOut, StringComparison.Ordinal);
        Assert.Contains("cancelled replica-list update #1", audit.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_of_a_hierarchy_without_an_update_says_how_one_starts_and_exits_2()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        var status = (await dir.RunAsync("replicas", "status", "exch1")).ShouldExitWith(2);
        Assert.Contains("update-replica-list", status.StdErr, StringComparison.Ordinal);
    }
}
