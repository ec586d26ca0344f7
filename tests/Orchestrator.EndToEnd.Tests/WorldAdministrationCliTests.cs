using System.Text.Json;
using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// S10/S11 through the real CLI: `world set-stores`, `world exchange-data` and `world add-volume` set up what hierarchy
/// administration reads, and `world show` (human and --json) shows each hierarchy's recorded nodes and the store names.
/// </summary>
public sealed class WorldAdministrationCliTests
{
    [Fact]
    public async Task The_world_subcommands_set_store_names_data_and_volumes_and_world_show_lists_them()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);

        (await dir.RunAsync("world", "set-stores", "node2", "EXCH1", "--storage-group", "SG-B", "--mailbox-store", "MS B1", "--mailbox-store", "MS B2")).ShouldExitWith(0);
        (await dir.RunAsync("world", "exchange-data", "node1", "EXCH9", "--database", "C:\\mdbdata")).ShouldExitWith(0);
        (await dir.RunAsync("world", "add-volume", "H", "--on", "node2", "--unprotected")).ShouldExitWith(0);

        using var json = JsonDocument.Parse((await dir.RunAsync("world", "show", "--json")).ShouldExitWith(0).StdOut);
        var root = json.RootElement;
        var exch1 = root.GetProperty("hierarchies").EnumerateArray().Single();
        Assert.Equal(["node1", "node2"], exch1.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
        var node2 = root.GetProperty("storeNames").EnumerateArray().Single(s => s.GetProperty("node").GetString() == "node2");
        Assert.Equal(["SG-B"], node2.GetProperty("storageGroups").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(["MS B1", "MS B2"], node2.GetProperty("mailboxStores").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(["Public Folder Store (EXCH1)"], node2.GetProperty("publicStores").EnumerateArray().Select(n => n.GetString()));
        var h = root.GetProperty("volumes").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "H");
        Assert.Equal(("node2", true), (h.GetProperty("mountedOn").GetString(), h.GetProperty("unprotected").GetBoolean()));

        var shown = (await dir.RunAsync("world", "show")).ShouldExitWith(0).StdOut;
        Assert.Contains("hierarchy exch1 in service on: node1; nodes: node1, node2", shown, StringComparison.Ordinal);
        Assert.Contains("stores of EXCH1 on node2: storage groups 'SG-B'; mailbox stores 'MS B1', 'MS B2'", shown, StringComparison.Ordinal);
        Assert.Contains("volume H: node2 (not protected by a volume resource)", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_world_subcommand_without_a_name_or_on_an_unknown_node_is_refused_with_exit_2_and_changes_nothing()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        var before = DataDirSnapshot.Take(dir.Path);

        var noName = await dir.RunAsync("world", "set-stores", "node2", "EXCH1");
        var noPath = await dir.RunAsync("world", "exchange-data", "node2", "EXCH1");
        var unknown = await dir.RunAsync("world", "add-volume", "H", "--on", "node9");

        noName.ShouldExitWith(2);
        noName.ShouldPrintOneError("--storage-group");
        noPath.ShouldExitWith(2);
        noPath.ShouldPrintOneError("--database");
        unknown.ShouldExitWith(2);
        unknown.ShouldPrintOneError("node9");
        Assert.Equal(before, DataDirSnapshot.Take(dir.Path));
    }
}
