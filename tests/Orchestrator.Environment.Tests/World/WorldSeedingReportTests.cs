namespace Orchestrator.Environment.Tests.World;

/// <summary>Seeding says what it added, so reconciling the world at start (issue 10 point 8) can record it.</summary>
public sealed class WorldSeedingReportTests : IDisposable
{
    private readonly TestWorld t = new();

    public void Dispose() => t.Dispose();

    [Fact]
    public async Task Seeding_reports_what_it_added_and_nothing_once_the_world_has_it_all()
    {
        var added = await t.World.SeedAsync(SampleCluster.Create(), CancellationToken.None);

        Assert.Contains("node node3", added);
        Assert.Contains($"hierarchy {SampleCluster.Hierarchy} (in service on node1)", added);
        Assert.Contains("volume E", added);
        Assert.Contains($"address {SampleCluster.Address}", added);
        Assert.Contains("service MSExchangeIS on node2", added);
        Assert.Empty(await t.World.SeedAsync(SampleCluster.Create(), CancellationToken.None));
    }

    [Fact]
    public async Task Seeding_a_larger_definition_reports_only_what_is_new()
    {
        await t.World.SeedAsync(SampleCluster.Create(), CancellationToken.None);
        await t.SwitchOverAsync("node1", "node2");
        var second = SampleCluster.Exchange(
            "EXCH2", primary: "node3", backup: "node1", volumes: ["G"], address: "10.0.0.51", dnsName: "exch2.contoso.com", services: ["POP3Svc"]);

        var added = await t.World.SeedAsync(SampleCluster.Create(SampleCluster.Exchange(), second), CancellationToken.None);

        // node3 is new to Exchange: it gains EXCH2's protected service and the installed optional ones (S7); node1 already had them all.
        Assert.Equal(
            ["DNS record A exch2.contoso.com", "address 10.0.0.51", "hierarchy EXCH2 (in service on node3)",
             "service IMAP4Svc on node3", "service MSExchangeMTA on node3", "service MSSEARCH on node3", "service POP3Svc on node3", "volume G"],
            added.Where(a => !a.StartsWith("DNS record PTR", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(["node2"], (await t.SnapshotAsync()).InServiceNodes(SampleCluster.Hierarchy)); // what existed is not disturbed
    }
}
