using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>Issue 10, point 3, as a user meets it: a move the admission rule refuses exits 2, names the object and the fix, and changes nothing.</summary>
public sealed class MoveAdmissionCliTests
{
    private static async Task<string> RefusedWithoutChangeAsync(TempDataDir dir, string[] command, params string[] mentions)
    {
        var before = DataDirSnapshot.Take(dir.Path);
        var auditBefore = await dir.AuditCountAsync();

        var refused = await dir.RunAsync(command);

        refused.ShouldExitWith(2);
        var error = refused.ShouldPrintOneError(mentions);
        Assert.Equal(before, DataDirSnapshot.Take(dir.Path));
        Assert.Equal(auditBefore, await dir.AuditCountAsync());
        return error;
    }

    [Fact]
    public async Task After_fail_path_a_switchover_to_the_node_beyond_the_cut_path_is_refused_naming_the_path()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("world", "fail-path", "node1", "node2")).ShouldExitWith(0);

        await RefusedWithoutChangeAsync(dir, ["switchover", "exch1", "--to", "node2", "--wait"], "node2 is unreachable from node1", "restore-path node1 node2");

        var world = await dir.WorldAsync();
        Assert.Equal(["node1"], world.InServiceNodesOf("exch1"));
        Assert.Empty(world.Violations);
    }

    [Fact]
    public async Task A_switchover_onto_the_N_plus_1_spare_that_hosts_a_failed_over_primary_is_refused_naming_it()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.NPlusOne);
        (await dir.RunAsync("world", "fail-node", "node1")).ShouldExitWith(0);
        (await dir.RunAsync("failover", "exch1", "--wait")).ShouldExitWith(0);

        await RefusedWithoutChangeAsync(dir, ["switchover", "exch3", "--to", "node4", "--wait"], "spare node4 already hosts exch1", "failback exch1");

        var world = await dir.WorldAsync();
        Assert.Equal(["node4"], world.InServiceNodesOf("exch1"));
        Assert.Equal(["node3"], world.InServiceNodesOf("exch3"));
        Assert.Empty(world.Violations);
    }
}
