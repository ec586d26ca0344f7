using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Rules;
using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 16 point 5 (S17): `hierarchy remove-protection NAME` through the real CLI: the protected services back to automatic
/// start on every node and still running where they ran, the DNS record pointed at the node it is in service on, the hierarchy
/// forgotten by the world and gone from the definition and status, its resources in service where they were; audited.
/// </summary>
public sealed class RemoveProtectionCliTests
{
    [Fact]
    public async Task Remove_protection_leaves_everything_running_sets_services_automatic_and_forgets_the_hierarchy()
    {
        using var dir = new TempDataDir();
        // exch2 has a third-party optional service of its own (exch1's optional services are set back to manual start on the
        // shared nodes whenever the definition is reconciled, S7, so they would not show what remove-protection leaves).
        var file = Samples.TwoNodeTwoHierarchies(dir);
        var text = File.ReadAllText(file);
        Assert.Contains("      name: EXCH2\n", text, StringComparison.Ordinal);
        File.WriteAllText(file, text.Replace("      name: EXCH2\n", "      name: EXCH2\n      optional-services: [AVScanSvc]\n", StringComparison.Ordinal));
        await dir.ApplyAsync(file);
        // AVScanSvc becomes a protected service of exch2: manual start on both nodes, running on node1.
        (await dir.RunAsync("services", "add", "exch2", "AVScanSvc", "--all-nodes", "--wait")).ShouldExitWith(0);
        var protectedWorld = await dir.WorldDocumentAsync();
        Assert.Equal("Running/Manual", protectedWorld.Service("node1", "AVScanSvc"));
        Assert.Equal("Stopped/Manual", protectedWorld.Service("node2", "AVScanSvc"));

        var removed = (await dir.RunAsync("--actor", "carol", "hierarchy", "remove-protection", "exch2", "--wait")).ShouldExitWith(0);
        var world = await dir.WorldDocumentAsync();
        var status = await dir.StatusAsync();

        Assert.Contains("remove-protection of exch2", removed.StdOut, StringComparison.Ordinal);
        Assert.Equal("Running/Automatic", world.Service("node1", "AVScanSvc"));
        Assert.Equal("Stopped/Automatic", world.Service("node2", "AVScanSvc"));
        Assert.Equal("Running/Automatic", world.Service("node1", "MSExchangeIS"));
        Assert.Equal(1, world.Applied("ServiceStartMode:node1/AVScanSvc") - protectedWorld.Applied("ServiceStartMode:node1/AVScanSvc"));
        Assert.Equal("node1", world.DnsTarget("mail2.example.com"));
        Assert.Equal(["exch1"], world.HierarchyNames());
        var typed = await dir.WorldAsync();
        Assert.Equal("node1", typed.Volumes.Single(v => v.Name == "H").MountedOn); // its resources stay in service where they are
        Assert.Equal("node1", typed.Addresses.Single(a => a.Address == "10.0.0.101").Owner);
        typed.ShouldReplayEachKeyAtMost(0, "remove-protection");
        Assert.Equal(["exch1"], status.Hierarchies.Select(h => h.Name));
        Assert.Equal(3, status.DefinitionVersion);
        var audit = Json.Parse<List<AuditJson>>((await dir.RunAsync("audit", "list", "--json", "--limit", "1000")).ShouldExitWith(0));
        Assert.Contains(audit, a => a.Kind == "remove-protection" && a.Actor == "carol" && a.Hierarchy == "exch2");
        Assert.Contains(audit, a => a.Kind == "cluster" && a.TriggerName == "Apply" && a.Reason.Contains("hierarchy remove-protection exch2", StringComparison.Ordinal));

        var again = await dir.RunAsync("hierarchy", "remove-protection", "exch2");
        again.ShouldExitWith(2);
        again.ShouldPrintOneError("unknown hierarchy 'exch2'");
    }

    [Fact]
    public async Task On_a_backup_the_clients_follow_the_backup_nothing_moves_and_the_world_keeps_the_tombstone()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNodeTwoHierarchies(dir));
        (await dir.RunAsync("switchover", "exch2", "--to", "node2", "--wait")).ShouldExitWith(0);
        (await dir.RunAsync("world", "add-user", "alice", "--domain", "EXCH", "--home", "node2")).ShouldExitWith(0); // a mailbox on the backup's server

        var removed = (await dir.RunAsync("hierarchy", "remove-protection", "exch2", "--wait")).ShouldExitWith(0);
        var world = await dir.WorldDocumentAsync();
        var typed = await dir.WorldAsync();

        Assert.Contains("point DNS A mail2.example.com at node2", removed.StdOut, StringComparison.Ordinal);
        Assert.Equal("node2", world.DnsTarget("mail2.example.com"));
        Assert.Equal("node2", typed.Volumes.Single(v => v.Name == "H").MountedOn);
        Assert.Equal("Running/Automatic", world.Service("node2", "MSExchangeIS"));
        Assert.Equal(["exch1"], world.HierarchyNames());
        var tombstone = Assert.Single(world.GetProperty("deletedOnBackup").EnumerateArray());
        Assert.Equal("exch2", tombstone.GetProperty("hierarchy").GetString());
        Assert.Equal("node2", tombstone.GetProperty("node").GetString());
        Assert.Equal(["exch1"], (await dir.StatusAsync()).Hierarchies.Select(h => h.Name));
        typed.ShouldReplayEachKeyAtMost(0, "remove-protection on a backup");

        // S10: creating exch2 again is refused while its users live on the backup, naming the repair, with the rule's words.
        var running = new RunningState([], [new HierarchyPlacement("exch2", "node2", "node1")]);
        var expected = HierarchyCreateRule.Check(new HierarchyCreation("exch2", "node1", "C:", [], [], running)).Refusals.Single();
        var before = DataDirSnapshot.Take(dir.Path);
        var recreated = (await dir.RunAsync("hierarchy", "create", "exch2", "--on", "node1", "--application", "EXCH2", "--volume", "H:database")).ShouldExitWith(2);
        Assert.True(recreated.StdErr.Contains(expected.Message, StringComparison.Ordinal), $"expected '{expected.Message}'; {recreated}");
        Assert.Contains("`orchestrator users move --all`", recreated.StdErr, StringComparison.Ordinal);
        Assert.Equal(before, DataDirSnapshot.Take(dir.Path));
    }
}
