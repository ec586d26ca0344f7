using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 16 point 1 (S10) through the real CLI: `hierarchy create` judges the Exchange data the node reports — nothing on the
/// system drive; every volume holding it protected, in service on the node and nobody else's — before it records anything
/// (each refusal names the object, exit 2, nothing recorded), and once accepted runs as a procedure the world tells.
/// </summary>
public sealed class HierarchyCreateCliTests
{
    private static readonly string[] Create =
        ["hierarchy", "create", "exch2", "--on", "node3", "--application", "EXCH2", "--volume", "H:database", "--ip", "10.0.0.101"];

    /// <summary>EXCH2's data on node3: everything on volume H unless <paramref name="database"/> says otherwise.</summary>
    private static async Task ExchangeDataAsync(TempDataDir dir, string database = "H:\\mdbdata") =>
        (await dir.RunAsync("world", "exchange-data", "node3", "EXCH2", "--database", database, "--logs", "H:\\logs",
            "--smtp-queue", "H:\\mailroot\\vsi 1\\queue", "--badmail", "H:\\mailroot\\vsi 1\\badmail")).ShouldExitWith(0);

    [Fact]
    public async Task Create_on_a_node_with_its_data_on_a_protected_volume_in_service_there_records_it_with_priority_1()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(AdminCluster.ThreeNodes(dir));
        await ExchangeDataAsync(dir);
        (await dir.RunAsync("world", "add-volume", "H", "--on", "node3")).ShouldExitWith(0);

        var run = (await dir.RunAsync([.. Create, "--service", "MSExchangeSA", "--service", "MSExchangeIS", "--wait"])).ShouldExitWith(0);

        Assert.Contains("procedure #1: hierarchy-create of exch2 on node3, 2 steps", run.StdOut, StringComparison.Ordinal);
        Assert.Equal(["node3"], await dir.WorldNodesAsync("exch2"));
        Assert.Equal(["node3:1"], await dir.DefinedNodesAsync("exch2"));
        var status = await dir.StatusAsync();
        Assert.Equal("node3", status.Hierarchies.Single(h => h.Name == "exch2").PlacedOn);
        Assert.Equal(2, status.DefinitionVersion);
        Assert.Equal(1, (await dir.WorldAsync()).Applied.GetValueOrDefault("HierarchyCreate:node3/exch2"));
    }

    [Fact]
    public async Task Data_on_the_system_drive_is_refused_naming_it()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(AdminCluster.ThreeNodes(dir));
        await ExchangeDataAsync(dir, database: "C:\\Program Files\\Exchsrvr\\mdbdata");
        (await dir.RunAsync("world", "add-volume", "H", "--on", "node3")).ShouldExitWith(0);
        await ShouldBeRefusedAsync(dir, "the database (EDB/STM) files of mailbox store Mailbox Store (EXCH2)", "are on the system drive (C:)", "relocate them", "then create exch2 again");
    }

    [Fact]
    public async Task A_data_volume_no_resource_protects_is_refused_naming_it()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(AdminCluster.ThreeNodes(dir));
        await ExchangeDataAsync(dir);
        (await dir.RunAsync("world", "add-volume", "H", "--on", "node3", "--unprotected")).ShouldExitWith(0);
        await ShouldBeRefusedAsync(dir, "volume H", "no volume resource protects it", "create a volume resource for H");
    }

    [Fact]
    public async Task A_data_volume_not_in_service_on_the_node_is_refused_naming_it()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(AdminCluster.ThreeNodes(dir));
        await ExchangeDataAsync(dir);
        (await dir.RunAsync("world", "add-volume", "H", "--on", "node3", "--unmounted")).ShouldExitWith(0);
        await ShouldBeRefusedAsync(dir, "volume H", "is not in service on node3");
    }

    [Fact]
    public async Task A_data_volume_of_another_hierarchy_is_refused_naming_it()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(AdminCluster.ThreeNodes(dir));
        await ExchangeDataAsync(dir, database: "E:\\mdbdata");
        (await dir.RunAsync("world", "add-volume", "H", "--on", "node3")).ShouldExitWith(0);
        await ShouldBeRefusedAsync(dir, "volume E", "already belongs to hierarchy exch1");
    }

    [Fact]
    public async Task A_node_that_says_nothing_of_the_data_is_refused_as_unknown_not_as_failed()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(AdminCluster.ThreeNodes(dir));
        await ShouldBeRefusedAsync(dir, "node3 does not say where the Exchange data of EXCH2 lives (unknown");
    }

    [Fact]
    public async Task An_existing_name_is_refused_naming_extend()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(AdminCluster.ThreeNodes(dir));

        await dir.ShouldBeRefusedWithoutChangeAsync(["hierarchy", "create", "exch1", "--on", "node3", "--application", "EXCH1", "--volume", "H"],
            "hierarchy exch1 already exists", "orchestrator hierarchy extend exch1");
    }

    private static async Task ShouldBeRefusedAsync(TempDataDir dir, params string[] mentions)
    {
        var before = DataDirSnapshot.Take(dir.Path);
        var run = (await dir.RunAsync([.. Create, "--wait"])).ShouldExitWith(2);
        foreach (var text in mentions)
        {
            Assert.True(run.StdErr.Contains(text, StringComparison.Ordinal), $"the refusal should mention '{text}'; {run}");
        }

        Assert.Equal(before, DataDirSnapshot.Take(dir.Path));
        Assert.Empty(await dir.WorldNodesAsync("exch2"));
    }
}
