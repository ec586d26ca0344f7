using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 16 point 3 (S12, S13) through the real CLI: `hierarchy unextend` and `hierarchy delete` refuse what is running
/// (each refusal names the object, exit 2, nothing recorded), and once accepted run as procedures the world tells.
/// </summary>
public sealed class HierarchyUnextendDeleteCliTests
{
    [Fact]
    public async Task Unextend_from_a_backup_removes_the_node_in_the_world_and_the_definition()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);

        (await dir.RunAsync("hierarchy", "unextend", "exch1", "--from", "node2", "--wait")).ShouldExitWith(0);

        Assert.Equal(["node1"], await dir.WorldNodesAsync("exch1"));
        Assert.Equal(["node1:1"], await dir.DefinedNodesAsync("exch1"));
        Assert.Equal(["node1"], (await dir.WorldAsync()).InServiceNodesOf("exch1"));
        Assert.Equal(1, (await dir.WorldAsync()).Applied.GetValueOrDefault("HierarchyUnextend:node2/exch1"));
    }

    [Fact]
    public async Task Unextend_refusals_name_the_node_and_the_fix_and_record_nothing()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(AdminCluster.ThreeNodes(dir));
        (await dir.RunAsync("switchover", "exch1", "--to", "node2", "--wait")).ShouldExitWith(0);

        await dir.ShouldBeRefusedWithoutChangeAsync(["hierarchy", "unextend", "exch1", "--from", "node2"],
            "hierarchy exch1 is in service on node2", "orchestrator switchover exch1 --to node1");
        await dir.ShouldBeRefusedWithoutChangeAsync(["hierarchy", "unextend", "exch1", "--from", "node1", "--force"],
            "hierarchy exch1 is in service on node2, a backup, and node1 is its primary");
        await dir.ShouldBeRefusedWithoutChangeAsync(["hierarchy", "unextend", "exch1", "--from", "node3"], "hierarchy exch1 is not extended to node3");

        Assert.Equal(["node1", "node2"], await dir.WorldNodesAsync("exch1"));
    }

    [Fact]
    public async Task Unextending_the_primary_while_in_service_nowhere_needs_force_and_the_override_is_audited()
    {
        using var dir = new TempDataDir();
        dir.Environment["ORCHESTRATOR_RETRY_BASE_MS"] = "50";
        dir.Environment["ORCHESTRATOR_MAX_ATTEMPTS"] = "2";
        await dir.ApplyAsync(Samples.TwoNode);
        // A switchover stuck on node2 and cancelled leaves exch1 in service nowhere.
        (await dir.RunAsync("world", "fail-service", "node2", "MSExchangeIS")).ShouldExitWith(0);
        (await dir.RunAsync("switchover", "exch1", "--to", "node2", "--wait")).ShouldExitWith(1);
        (await dir.RunAsync("procedures", "cancel", "1")).ShouldExitWith(0);
        Assert.Null((await dir.StatusAsync()).Hierarchies.Single().PlacedOn);
        var before = DataDirSnapshot.Take(dir.Path);

        var warned = (await dir.RunAsync("hierarchy", "unextend", "exch1", "--from", "node1")).ShouldExitWith(2);
        Assert.Contains("warning (needs --force): node1 is the primary (priority 1) of hierarchy exch1", warned.StdErr, StringComparison.Ordinal);
        Assert.Contains("run the command again with --force", warned.StdErr, StringComparison.Ordinal);
        Assert.Equal(before, DataDirSnapshot.Take(dir.Path));

        var forced = (await dir.RunAsync("hierarchy", "unextend", "exch1", "--from", "node1", "--force", "--wait")).ShouldExitWith(0);

        Assert.Contains("forced (--force, audited): node1 is the primary", forced.StdOut, StringComparison.Ordinal);
        Assert.Equal(["node2"], await dir.WorldNodesAsync("exch1"));
        Assert.Equal(["node2:10"], await dir.DefinedNodesAsync("exch1"));
        var audit = Json.Parse<List<AuditJson>>((await dir.RunAsync("audit", "list", "--json")).ShouldExitWith(0));
        Assert.Contains(audit, a => a.ProcedureId == 2 && a.TriggerName == "Requested" && a.Reason.Contains("forced (--force) past S6 warning(s): node1 is the primary", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unextending_the_only_node_is_refused_naming_delete()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("hierarchy", "unextend", "exch1", "--from", "node2", "--wait")).ShouldExitWith(0);

        await dir.ShouldBeRefusedWithoutChangeAsync(["hierarchy", "unextend", "exch1", "--from", "node1", "--force"],
            "node1 is the only node of hierarchy exch1", "orchestrator hierarchy delete exch1");
    }

    [Fact]
    public async Task Delete_in_service_on_the_primary_forgets_the_hierarchy_in_the_world_the_definition_and_status()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(AdminCluster.ThreeNodes(dir, secondHierarchy: true));

        var run = (await dir.RunAsync("hierarchy", "delete", "exch2", "--reason", "retired", "--wait")).ShouldExitWith(0);

        Assert.Contains("completed: hierarchy-delete of exch2", run.StdOut, StringComparison.Ordinal);
        Assert.Empty(await dir.WorldNodesAsync("exch2"));
        var status = await dir.StatusAsync();
        Assert.DoesNotContain(status.Hierarchies, h => h.Name == "exch2");
        Assert.Equal(["node1:1", "node2:10"], await dir.DefinedNodesAsync("exch1"));
        Assert.Equal(1, (await dir.WorldAsync()).Applied.GetValueOrDefault("HierarchyDelete:node1/exch2"));
        // Its resources stay as they are (S13): its volume still mounted on node1, no longer protected.
        Assert.Equal("node1", (await dir.WorldAsync()).Volumes.Single(v => v.Name == "H").MountedOn);
        await dir.AuditChainShouldHoldAsync();
    }

    [Fact]
    public async Task Delete_while_in_service_on_a_backup_is_refused_naming_the_switchover_back()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("switchover", "exch1", "--to", "node2", "--wait")).ShouldExitWith(0);

        await dir.ShouldBeRefusedWithoutChangeAsync(["hierarchy", "delete", "exch1"],
            "hierarchy exch1 is in service on node2, a backup", "orchestrator switchover exch1 --to node1");

        Assert.Equal(["node1", "node2"], await dir.WorldNodesAsync("exch1"));
    }

    [Fact]
    public async Task An_extend_is_refused_while_another_procedure_holds_the_hierarchy_and_a_move_while_an_extend_does()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(AdminCluster.ThreeNodes(dir));

        // Recorded, not run (no serve, no --wait): it holds exch1.
        (await dir.RunAsync("hierarchy", "extend", "exch1", "--to", "node3", "--priority", "20")).ShouldExitWith(0);

        var move = await dir.RunAsync("switchover", "exch1", "--to", "node2");
        Assert.Equal(3, move.ExitCode);
        Assert.Contains("#1", move.StdErr, StringComparison.Ordinal);
        var again = await dir.RunAsync("hierarchy", "unextend", "exch1", "--from", "node2");
        Assert.Equal(3, again.ExitCode);

        (await dir.RunAsync("procedures", "wait", "1")).ShouldExitWith(0);
        Assert.Equal(["node1", "node2", "node3"], await dir.WorldNodesAsync("exch1"));
    }
}
