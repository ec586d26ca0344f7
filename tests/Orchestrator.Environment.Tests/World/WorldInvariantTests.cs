using Orchestrator.Domain.Cluster;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

public sealed class WorldInvariantTests : SeededWorldTests
{
    [Fact]
    public async Task A_switchover_and_back_records_no_violation()
    {
        await T.SwitchOverAsync("node1", "node2");
        await T.SwitchOverAsync("node2", "node1");

        var snapshot = await T.SnapshotAsync();
        Assert.Empty(snapshot.Violations);
        Assert.All(snapshot.ViolationCounts.Values, count => Assert.Equal(0, count));
        snapshot.AssertInvariants();
    }

    [Fact]
    public async Task Taking_over_from_a_dead_node_that_was_fenced_first_records_no_violation()
    {
        await T.World.FailNodeAsync("node1");
        await T.World.EnsureFencedAsync("node1", T.Key(), None);

        await TakeOverOnNode2Async();

        var snapshot = await T.SnapshotAsync();
        Assert.Equal(["node2"], snapshot.InServiceNodes(SampleCluster.Hierarchy));
        Assert.Empty(snapshot.Violations);
    }

    [Fact]
    public async Task Mounting_a_volume_a_dead_unfenced_node_still_has_mounted_is_a_violation()
    {
        await T.World.FailNodeAsync("node1");

        await T.World.EnsureMountedAsync("node2", "E", T.Key(), None);

        var snapshot = await T.SnapshotAsync();
        var violation = Assert.Single(snapshot.Violations);
        Assert.StartsWith("FenceBeforeTakeover: volume E was mounted on node2 while node1, down and not fenced,", violation, StringComparison.Ordinal);
        Assert.Contains("VolumeMount node2/E", violation, StringComparison.Ordinal);
        Assert.Equal(1, snapshot.ViolationCounts[WorldInvariant.FenceBeforeTakeover]);
        Assert.Equal("node2", snapshot.MountedNode("E"));
    }

    [Fact]
    public async Task Starting_a_service_while_the_dead_unfenced_source_still_holds_the_hierarchy_is_a_violation()
    {
        await T.World.FailNodeAsync("node1");
        foreach (var volume in SampleCluster.Volumes)
        {
            await T.World.EnsureMountedAsync("node2", volume, T.Key(), None);
        }

        await T.World.EnsureStartedAsync("node2", "MSExchangeSA", T.Key(), None);

        var snapshot = await T.SnapshotAsync();
        Assert.Equal(3, snapshot.Violations.Count);
        Assert.StartsWith(
            "FenceBeforeTakeover: service MSExchangeSA of EXCH1 was started on node2 while node1, down and not fenced, still held address 10.0.0.50",
            snapshot.Violations[2],
            StringComparison.Ordinal);
        Assert.Equal(3, snapshot.ViolationCounts[WorldInvariant.FenceBeforeTakeover]);
        Assert.Equal(0, snapshot.ViolationCounts[WorldInvariant.SingleActiveNode]);
    }

    [Fact]
    public async Task A_whole_takeover_from_a_dead_unfenced_node_records_each_unsafe_step()
    {
        await T.World.FailNodeAsync("node1");

        await TakeOverOnNode2Async();

        var snapshot = await T.SnapshotAsync();
        Assert.Equal(["node2"], snapshot.InServiceNodes(SampleCluster.Hierarchy));
        Assert.Equal(3, snapshot.ViolationCounts[WorldInvariant.FenceBeforeTakeover]);
        Assert.Contains(snapshot.Violations, v => v.Contains("address 10.0.0.50 was acquired by node2 while node1", StringComparison.Ordinal));
        var error = Assert.Throws<InvalidOperationException>(snapshot.AssertInvariants);
        Assert.Contains("3 invariant violation(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_effect_that_fails_records_no_violation()
    {
        await T.World.FailNodeAsync("node1");
        await T.World.FailNextAsync(EffectKind.VolumeMount, "E", 1);

        await Assert.ThrowsAsync<EnvironmentException>(
            () => T.World.EnsureMountedAsync("node2", "E", T.Key(), None));

        Assert.Empty((await T.SnapshotAsync()).Violations);
    }

    [Fact]
    public async Task A_hierarchy_brought_in_service_on_a_second_node_is_recorded_once_as_a_split()
    {
        await T.World.SeedAsync(SampleCluster.Create(SampleCluster.Exchange(), VolumelessHierarchy()), None);

        await T.World.EnsureStartedAsync("node2", "Spooler", T.Key(), None);
        await T.World.EnsureSharedAsync("node2", "Address", T.Key(), None);

        var snapshot = await T.SnapshotAsync();
        Assert.Equal(["node1", "node2"], snapshot.InServiceNodes("EXCH2"));
        var violation = Assert.Single(snapshot.Violations);
        Assert.StartsWith("SingleActiveNode: EXCH2 is in service on node1 and node2 at once (ServiceStart node2/Spooler, key ", violation, StringComparison.Ordinal);
        Assert.Equal(1, snapshot.ViolationCounts[WorldInvariant.SingleActiveNode]);
    }

    [Fact]
    public async Task Recorded_violations_are_kept_in_the_world_file()
    {
        await T.World.FailNodeAsync("node1");
        await T.World.EnsureMountedAsync("node2", "E", T.Key(), None);

        var reopened = await T.OpenAgain().SnapshotAsync(None);

        Assert.Single(reopened.Violations);
        Assert.Equal(1, reopened.ViolationCounts[WorldInvariant.FenceBeforeTakeover]);
    }

    private static HierarchyDefinition VolumelessHierarchy() =>
        SampleCluster.Exchange("EXCH2", volumes: [], address: "10.0.0.51", dnsName: "exch2.contoso.com", services: ["Spooler"]);

    private async Task TakeOverOnNode2Async()
    {
        foreach (var volume in SampleCluster.Volumes)
        {
            await T.World.EnsureMountedAsync("node2", volume, T.Key(), None);
        }

        await T.World.EnsureOwnedAsync("node2", SampleCluster.Address, T.Key(), None);
        foreach (var service in SampleCluster.Services)
        {
            await T.World.EnsureStartedAsync("node2", service, T.Key(), None);
        }
    }
}
