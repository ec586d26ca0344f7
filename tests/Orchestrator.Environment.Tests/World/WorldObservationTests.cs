namespace Orchestrator.Environment.Tests.World;

/// <summary>Issue 11 point 4: one observation answers what the per-node and per-hierarchy reads answer, from one read.</summary>
public sealed class WorldObservationTests : SeededWorldTests
{
    [Fact]
    public async Task An_observation_agrees_with_the_snapshot_and_the_single_reads_after_a_switchover_and_a_failed_node()
    {
        await T.World.SetRoutingAsync(new Dictionary<string, string> { ["node1"] = "RG-East", ["node2"] = "RG-West" }, ["node1"], None);
        await T.SwitchOverAsync("node1", "node2");
        await T.World.FailNodeAsync("node3");

        var observed = await T.World.ObserveAsync(None);
        var snapshot = await T.SnapshotAsync();

        Assert.Equal(["node2"], observed.InServiceNodes("exch1"));
        Assert.Equal(snapshot.InServiceNodes(SampleCluster.Hierarchy), observed.InServiceNodes(SampleCluster.Hierarchy));
        foreach (var node in new[] { "node1", "node2", "node3" })
        {
            Assert.Equal(await T.World.IsUpAsync(node, None), observed.IsUp(node));
            Assert.Equal(await T.World.RoutingGroupOfAsync(node, None), observed.RoutingGroupOf(node));
        }

        Assert.False(observed.IsUp("NODE3"));
        Assert.Equal(await T.World.PublicFolderOwnersAsync(None), observed.PublicFolderOwners);
        Assert.Throws<Orchestrator.Environment.World.UnknownWorldObjectException>(() => observed.InServiceNodes("exch9"));
    }
}
