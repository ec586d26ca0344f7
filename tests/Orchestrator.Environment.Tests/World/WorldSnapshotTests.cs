using System.Text.Json;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

public sealed class WorldSnapshotTests : SeededWorldTests
{
    [Fact]
    public async Task A_snapshot_serializes_to_json_with_readable_names()
    {
        await T.World.EnsureStoppedAsync("node1", "MSExchangeIS", T.Key(), None);

        var json = JsonSerializer.Serialize(await T.SnapshotAsync());

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(1, root.GetProperty("Calls").GetProperty("ServiceStop").GetInt64());
        Assert.Equal(1, root.GetProperty("Applied").GetProperty("ServiceStop:node1/MSExchangeIS").GetInt64());
        Assert.Contains("\"State\":\"Running\"", json, StringComparison.Ordinal);
        Assert.Contains("\"State\":\"Stopped\"", json, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("Hierarchies")[0].GetProperty("InServiceNodes").ValueKind);
    }

    [Fact]
    public async Task A_snapshot_shows_fencing_users_queues_and_violations_in_json_by_name()
    {
        await T.World.SeedUsersAsync([("alice", "contoso", "node1")]);
        await T.World.FailNodeAsync("node1");
        await T.World.EnsureMountedAsync("node2", "E", T.Key(), None);
        await T.World.EnsureFencedAsync("node3", T.Key(), None);

        var json = JsonSerializer.Serialize(await T.SnapshotAsync());

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.True(root.GetProperty("Nodes")[2].GetProperty("Fenced").GetBoolean());
        Assert.Equal("contoso", root.GetProperty("Users")[0].GetProperty("Domain").GetString());
        Assert.Equal("node1", root.GetProperty("Queues")[0].GetProperty("ConnectedTo").GetString());
        Assert.Equal(1, root.GetProperty("Violations").GetArrayLength());
        Assert.Equal(1, root.GetProperty("ViolationCounts").GetProperty("FenceBeforeTakeover").GetInt64());
        Assert.Equal(0, root.GetProperty("ViolationCounts").GetProperty("SingleActiveNode").GetInt64());
        Assert.Equal(1, root.GetProperty("Calls").GetProperty("NodeFence").GetInt64());
    }

    [Fact]
    public async Task A_snapshot_survives_a_json_round_trip()
    {
        var snapshot = await T.SnapshotAsync();

        var copy = JsonSerializer.Deserialize<WorldSnapshot>(JsonSerializer.Serialize(snapshot));

        Assert.NotNull(copy);
        Assert.Equal(["node1"], copy.InServiceNodes(SampleCluster.Hierarchy));
        Assert.Equal(ServiceState.Running, copy.ServiceStateOn("node1", "MSExchangeIS"));
        Assert.Equal(snapshot.Calls[EffectKind.DnsUpdate], copy.Calls[EffectKind.DnsUpdate]);
        Assert.Equal(snapshot.ViolationCounts, copy.ViolationCounts);
        Assert.Empty(copy.Violations);
    }

    [Fact]
    public async Task A_hierarchy_with_one_service_stopped_is_in_service_nowhere()
    {
        await T.World.EnsureStoppedAsync("node1", "MSExchangeMTA", T.Key(), None);

        var snapshot = await T.SnapshotAsync();

        Assert.Empty(snapshot.InServiceNodes(SampleCluster.Hierarchy));
        Assert.Empty(snapshot.Hierarchies.Single().InServiceNodes);
    }

    [Fact]
    public async Task Asking_for_an_unknown_hierarchy_names_the_known_ones()
    {
        var snapshot = await T.SnapshotAsync();

        var error = Assert.Throws<UnknownWorldObjectException>(() => snapshot.InServiceNodes("EXCH9"));

        Assert.Equal([SampleCluster.Hierarchy], error.KnownNames);
    }
}
