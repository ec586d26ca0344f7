using System.Text.Json;

namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Issue 16's test cluster: two-node.yaml (exch1 on node1, backup node2) with a third node, node3, in no hierarchy — with a
/// communication path to both others, or (<c>pathToNode2: false</c>) to node1 only — and what the tests read back of it.
/// </summary>
public static class AdminCluster
{
    public static string ThreeNodes(TempDataDir dir, bool pathToNode2 = true, bool secondHierarchy = false)
    {
        var text = File.ReadAllText(secondHierarchy ? Samples.TwoNodeTwoHierarchies(dir) : Samples.TwoNode).ReplaceLineEndings("\n");
        const string node2 = "  - name: node2\n    address: 10.0.0.12\n";
        const string path = "  - between: [node1, node2]\n    kind: tcp\n";
        Assert.Contains(node2, text);
        Assert.Contains(path, text);
        text = text.Replace(node2, node2 + "  - name: node3\n    address: 10.0.0.13\n", StringComparison.Ordinal)
            .Replace(path, path + "  - between: [node1, node3]\n" + (pathToNode2 ? "  - between: [node2, node3]\n" : ""), StringComparison.Ordinal);
        var file = dir.Sibling(pathToNode2 ? "three-nodes.yaml" : "three-nodes-partial.yaml");
        File.WriteAllText(file, text);
        return file;
    }

    /// <summary>The nodes the world records for the hierarchy (empty: it records none of that name).</summary>
    public static async Task<IReadOnlyList<string>> WorldNodesAsync(this TempDataDir dir, string hierarchy)
    {
        var world = Json.Parse<JsonElement>((await dir.RunAsync("world", "show", "--json")).ShouldExitWith(0));
        foreach (var h in world.GetProperty("hierarchies").EnumerateArray())
        {
            if (string.Equals(h.GetProperty("name").GetString(), hierarchy, StringComparison.OrdinalIgnoreCase))
            {
                return [.. h.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()!)];
            }
        }

        return [];
    }

    /// <summary>The mailbox-store names the world says the node's Exchange server has for the application (empty: none listed).</summary>
    public static async Task<IReadOnlyList<string>> WorldStoreNamesAsync(this TempDataDir dir, string node, string application)
    {
        var world = Json.Parse<JsonElement>((await dir.RunAsync("world", "show", "--json")).ShouldExitWith(0));
        foreach (var s in world.GetProperty("storeNames").EnumerateArray())
        {
            if (s.GetProperty("node").GetString() == node && s.GetProperty("application").GetString() == application)
            {
                return [.. new[] { "storageGroups", "mailboxStores", "publicStores" }.SelectMany(k => s.GetProperty(k).EnumerateArray().Select(n => n.GetString()!))];
            }
        }

        return [];
    }

    /// <summary>The stored definition's nodes of the hierarchy as `status` shows them (name:priority, best first); empty when the hierarchy is not defined.</summary>
    public static async Task<IReadOnlyList<string>> DefinedNodesAsync(this TempDataDir dir, string hierarchy)
    {
        var status = await dir.StatusAsync();
        return status.Hierarchies.FirstOrDefault(h => h.Name == hierarchy) is { } h
            ? [.. h.Nodes.OrderBy(n => n.Priority).Select(n => $"{n.Name}:{n.Priority}")]
            : [];
    }
}
