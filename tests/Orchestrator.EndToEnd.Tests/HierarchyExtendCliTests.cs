using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 16 point 2 (S11) through the real CLI: `hierarchy extend` checks before it records anything (each refusal names the
/// object, exit 2, nothing recorded), and once accepted runs as a procedure whose effects the world tells, ending with the
/// definition stored.
/// </summary>
public sealed class HierarchyExtendCliTests
{
    [Fact]
    public async Task Extend_to_a_free_node_records_it_in_the_world_and_stores_the_definition_with_its_priority()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(AdminCluster.ThreeNodes(dir));

        var run = (await dir.RunAsync("hierarchy", "extend", "exch1", "--to", "node3", "--priority", "20", "--reason", "third node", "--wait")).ShouldExitWith(0);

        Assert.Contains("procedure #1: hierarchy-extend of exch1 on node3", run.StdOut, StringComparison.Ordinal);
        Assert.Equal(["node1", "node2", "node3"], await dir.WorldNodesAsync("exch1"));
        Assert.Equal(["node1:1", "node2:10", "node3:20"], await dir.DefinedNodesAsync("exch1"));
        var status = await dir.StatusAsync();
        Assert.Equal(2, status.DefinitionVersion);
        Assert.Equal("node1", status.Hierarchies.Single(h => h.Name == "exch1").PlacedOn);
        var audit = Json.Parse<List<AuditJson>>((await dir.RunAsync("audit", "list", "--json")).ShouldExitWith(0));
        Assert.Contains(audit, a => a.ProcedureId == 1 && a.TriggerName == "Requested" && a.Reason.Contains("hierarchy extend exch1 --to node3 --priority 20", StringComparison.Ordinal)
            && a.Reason.Contains("third node", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.ProcedureId == 1 && a.TriggerName == "Apply" && a.Kind == "cluster");
        Assert.Equal("Completed", (await dir.ProcedureAsync(1)).State);
        await dir.AuditChainShouldHoldAsync();
    }

    public static TheoryData<string, bool, string[], string[]> Refusals() => new()
    {
        { "exch1", true, ["--to", "node9"], ["node9", "is not a node of cluster"] },
        { "exch1", true, ["--to", "node2"], ["hierarchy exch1 is already extended to node2"] },
        { "exch1", true, ["--to", "node3"], ["priority 10 is already used by node2 in hierarchy exch1"] },
        { "exch1", true, ["--to", "node3", "--priority", "1000"], ["priority 1000 for node3 is outside 1-999"] },
        { "exch1", false, ["--to", "node3", "--priority", "20"], ["no communication path from node3 to node2 of hierarchy exch1"] },
        { "exch9", true, ["--to", "node3", "--priority", "20"], ["unknown hierarchy 'exch9'", "exch1"] },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_extend_names_the_object_exits_2_and_records_nothing(string hierarchy, bool fullPaths, string[] options, string[] mentions)
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(AdminCluster.ThreeNodes(dir, pathToNode2: fullPaths));

        await dir.ShouldBeRefusedWithoutChangeAsync(["hierarchy", "extend", hierarchy, .. options, "--wait"], mentions);

        Assert.Equal(["node1", "node2"], await dir.WorldNodesAsync("exch1"));
    }

    [Fact]
    public async Task Store_names_that_differ_are_listed_and_refused_without_apply_renames_and_renamed_once_each_with_it()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(AdminCluster.ThreeNodes(dir));
        (await dir.RunAsync("world", "set-stores", "node3", "EXCH1", "--storage-group", "SG Old", "--mailbox-store", "Mailbox Store (OLD)", "--public-store", "Public Folder Store (EXCH1)")).ShouldExitWith(0);
        var before = DataDirSnapshot.Take(dir.Path);

        var refused = (await dir.RunAsync("hierarchy", "extend", "exch1", "--to", "node3", "--priority", "20")).ShouldExitWith(2);

        Assert.Contains("on node3, rename storage group 'SG Old' to 'First Storage Group'", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("on node3, rename mailbox store 'Mailbox Store (OLD)' to 'Mailbox Store (EXCH1)'", refused.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("public store", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("--apply-renames", refused.StdErr, StringComparison.Ordinal);
        Assert.Equal(before, DataDirSnapshot.Take(dir.Path));

        var applied = (await dir.RunAsync("hierarchy", "extend", "exch1", "--to", "node3", "--priority", "20", "--apply-renames", "--wait")).ShouldExitWith(0);

        Assert.Contains("4 steps", applied.StdOut, StringComparison.Ordinal);
        Assert.Equal(await dir.WorldStoreNamesAsync("node1", "EXCH1") is { Count: > 0 } primary ? primary : ["First Storage Group", "Mailbox Store (EXCH1)", "Public Folder Store (EXCH1)"],
            await dir.WorldStoreNamesAsync("node3", "EXCH1"));
        Assert.Equal(["node1", "node2", "node3"], await dir.WorldNodesAsync("exch1"));
        Assert.Equal(["node1:1", "node2:10", "node3:20"], await dir.DefinedNodesAsync("exch1"));
        var world = await dir.WorldAsync();
        Assert.Equal(2, world.Applied.GetValueOrDefault("StoreRename:node3/EXCH1"));
        world.ShouldReplayEachKeyAtMost(0, "an uninterrupted extend");
    }
}
