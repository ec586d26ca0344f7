namespace Orchestrator.Testing;

/// <summary>The sample cluster definitions of the repository, and variants of them written next to a data directory.</summary>
public static class Samples
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string TwoNode => Path.Combine(RepoRoot, "workflows", "samples", "two-node.yaml");

    public static string NPlusOne => Path.Combine(RepoRoot, "workflows", "samples", "n-plus-1.yaml");

    /// <summary>Steps of a switchover exch1 node1 → node2 in two-node.yaml.</summary>
    public const int TwoNodeSwitchoverSteps = 26;

    /// <summary>two-node.yaml with <c>maxwait: SECONDS</c> on one service.</summary>
    public static string TwoNodeWithMaxWait(string service, int seconds)
    {
        var marker = $"        - name: {service}\n";
        var text = File.ReadAllText(TwoNode).ReplaceLineEndings("\n");
        Assert.Contains(marker, text);
        return text.Replace(marker, $"{marker}          maxwait: {seconds}\n", StringComparison.Ordinal);
    }

    /// <summary>two-node.yaml with a second Exchange virtual server, exch2 (volumes H, I, J; its own IP and DNS name), also primary on node1.</summary>
    public static string TwoNodeTwoHierarchies(TempDataDir dir)
    {
        var path = dir.Sibling("two-hierarchies.yaml");
        File.WriteAllText(path, TwoNodeEdits.TwoHierarchies);
        return path;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Orchestrator.sln above {AppContext.BaseDirectory}");
    }
}
