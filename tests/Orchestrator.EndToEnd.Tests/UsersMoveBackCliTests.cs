using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// S10 repair through the real CLI: a hierarchy whose protection was removed while in service on a backup leaves its users
/// homed there (the world's tombstone) and re-creating it is refused naming `orchestrator users move --all`; that command
/// moves them back to the primary as the test directory account, each user's move applied once, and the tombstone clears,
/// so the create is no longer refused for it (only for its volumes, still in service on node2). With neither failed users
/// nor tombstones the command is refused naming both.
/// </summary>
public sealed class UsersMoveBackCliTests
{
    private const string Repair = "`orchestrator users move --all`";

    [Fact]
    public async Task Users_move_all_moves_the_users_of_exch2_removed_on_its_backup_back_to_node1_and_the_tombstone_goes()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNodeTwoHierarchies(dir));
        (await dir.RunAsync("switchover", "exch2", "--to", "node2", "--wait")).ShouldExitWith(0);
        (await dir.RunAsync("world", "add-user", "alice", "--domain", "EXCH", "--home", "node2")).ShouldExitWith(0);
        (await dir.RunAsync("hierarchy", "remove-protection", "exch2", "--wait")).ShouldExitWith(0);
        string[] create = ["hierarchy", "create", "exch2", "--on", "node1", "--application", "EXCH2", "--volume", "H:database"];
        Assert.Contains(Repair, (await dir.RunAsync(create)).ShouldExitWith(2).StdErr, StringComparison.Ordinal);
        var before = await dir.WorldDocumentAsync();

        var moved = (await dir.RunAsync("users", "move", "--all", "--wait")).ShouldExitWith(0);

        Assert.Contains("move the users of deleted hierarchy exch2 back from node2 to its primary node1", moved.StdOut, StringComparison.Ordinal);
        var world = await dir.WorldDocumentAsync();
        var alice = world.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("name").GetString() == "alice");
        Assert.Equal(("node1", TestDirectoryAccount.User), (alice.GetProperty("home").GetString(), alice.GetProperty("movedBy").GetString()));
        Assert.Equal(1, world.Applied("UserMove:node1/alice") - before.Applied("UserMove:node1/alice"));
        Assert.Empty(world.GetProperty("deletedOnBackup").EnumerateArray());
        (await dir.WorldAsync()).ShouldReplayEachKeyAtMost(0, "users move --all after remove-protection on a backup");
        var procedures = Json.Parse<ProcedurePageJson>((await dir.RunAsync("procedures", "list", "--json")).ShouldExitWith(0)).Procedures;
        var repair = Assert.Single(procedures, p => p.Kind == "users-move-back");
        Assert.Equal(("exch2", "Completed", "node2", null), (repair.Hierarchy, repair.State, repair.SourceNode, repair.TargetNode)); // moves no hierarchy

        // The tombstone's finding no longer refuses the create: on node1 only its volumes, still in service on node2 where
        // remove-protection left them, do (on node2 it would be an active/active pair with exch1, refused by S3).
        var onNode1 = await dir.RunAsync(create);
        Assert.DoesNotContain("users move", onNode1.StdErr + onNode1.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("deleted while active on backup", onNode1.StdErr, StringComparison.Ordinal);
        Assert.Contains("volume H: (resource H) holds", onNode1.ShouldExitWith(2).StdErr, StringComparison.Ordinal);
        Assert.Contains("is not in service on node1; bring H in service on node1 first", onNode1.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_move_all_with_neither_failed_users_nor_a_tombstone_is_refused_naming_both_and_changes_nothing()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNodeTwoHierarchies(dir));
        var before = DataDirSnapshot.Take(dir.Path);

        var refused = (await dir.RunAsync("users", "move", "--all", "--wait")).ShouldExitWith(2);

        refused.ShouldPrintOneError("no recorded failed user and no user of a hierarchy deleted on a backup matches all");
        Assert.Contains("orchestrator users failed", refused.StdErr, StringComparison.Ordinal);
        Assert.Equal(before, DataDirSnapshot.Take(dir.Path));
    }
}
