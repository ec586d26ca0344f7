namespace Orchestrator.Engine.Commands.ApplyCluster;

/// <summary>What an apply stored, and one line per thing it did to the nodes or could not do (e.g. S7 start modes).</summary>
public sealed record ApplyClusterResult(string Cluster, long Version, bool Changed, IReadOnlyList<string> Hierarchies)
{
    public IReadOnlyList<string> Notes { get; init; } = [];
}
