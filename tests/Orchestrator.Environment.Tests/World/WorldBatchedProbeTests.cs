using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.Tests.World;

/// <summary>
/// Issue 11 (idle serve): the monitor's batched probes — every node, every path, every node's resources in one read —
/// answer exactly as the one-by-one probes do, unknown names included.
/// </summary>
public sealed class WorldBatchedProbeTests : SeededWorldTests
{
    [Fact]
    public async Task Every_node_and_path_at_once_answers_as_one_by_one_a_down_node_a_cut_path_and_an_unknown_node_included()
    {
        await T.World.FailPathAsync("node1", "node2", None);
        var nodes = new[] { "node1", "node2", "node9" };
        var paths = new[] { ("node1", "node2"), ("node2", "node1"), ("node1", "node9") };

        var batchedNodes = await ((INodeProbe)T.World).ProbeNodesAsync(nodes, 1, None);
        var batchedPaths = await ((IPathProbe)T.World).ProbePathsAsync(paths, 1, None);

        Assert.Equal([new NodeProbeAnswer("node1", true), new NodeProbeAnswer("node2", true)], batchedNodes.Take(2));
        Assert.Null(batchedNodes[2].Up);
        Assert.Equal(await ErrorOf(() => T.World.IsUpAsync("node9", None)), batchedNodes[2].Error);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(await T.World.IsPathUpAsync(paths[i].Item1, paths[i].Item2, None), batchedPaths[i].Up);
        }

        Assert.False(batchedPaths[0].Up);
        Assert.Null(batchedPaths[2].Up);
        Assert.Equal(await ErrorOf(() => T.World.IsPathUpAsync("node1", "node9", None)), batchedPaths[2].Error);
    }

    [Fact]
    public async Task Every_nodes_resources_at_once_answer_as_one_by_one_a_failed_service_and_unknown_names_included()
    {
        await T.World.FailServiceAsync("node1", "MSExchangeIS");
        NodeResourceQuery Query(string node) => new(
            node, [.. SampleCluster.Services, "NoSuchService"], ["E", "F", "Z"], [SampleCluster.Address, "10.9.9.9"],
            [new DnsRecordName("A", SampleCluster.DnsName), new DnsRecordName("A", "nowhere.example.com")]);
        var queries = new[] { Query("node1"), Query("node2"), Query("node9") };

        var batched = await ((INodeResourceProbe)T.World).ReadAllResourcesAsync(queries, 1, None);

        Assert.Equal(queries.Length, batched.Count);
        for (var i = 0; i < 2; i++)
        {
            Assert.Same(queries[i], batched[i].Query);
            Assert.Equal(Describe(queries[i], await T.World.ReadResourcesAsync(queries[i], None)), Describe(queries[i], batched[i].Resources!));
        }

        Assert.Contains("node1: service MSExchangeIS Failed", Describe(queries[0], batched[0].Resources!));
        Assert.Null(batched[2].Resources);
        Assert.Equal(await ErrorOf(() => T.World.ReadResourcesAsync(queries[2], None)), batched[2].Error!.Message);
    }

    /// <summary>Every answer the resources give to the query, an unknown one as its error.</summary>
    private static List<string> Describe(NodeResourceQuery query, NodeResources read)
    {
        var answers = new List<string>();
        void Add(string what, Func<object> answer)
        {
            try
            {
                answers.Add($"{query.Node}: {what} {answer()}");
            }
            catch (EnvironmentException e)
            {
                answers.Add($"{query.Node}: {what} unknown: {e.Message}");
            }
        }

        foreach (var s in query.Services)
        {
            Add($"service {s}", () => read.StateOf(s));
        }

        foreach (var v in query.Volumes)
        {
            Add($"volume {v}", () => read.IsMounted(v));
        }

        foreach (var a in query.Addresses)
        {
            Add($"address {a}", () => read.Owns(a));
        }

        foreach (var d in query.Dns)
        {
            Add($"dns {d}", () => read.IsPointedAt(d));
        }

        return answers;
    }

    private static async Task<string> ErrorOf(Func<Task> probe) => (await Assert.ThrowsAnyAsync<Exception>(probe)).Message;
}
