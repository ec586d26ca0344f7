namespace Orchestrator.Engine.Commands.ApplyCluster;

/// <summary>
/// What `cluster apply` did: the version now current, whether it is new, the earlier version it repeats (if any), and one
/// line per thing it did to the nodes or could not do (e.g. S7 start modes).
/// </summary>
public sealed record ApplyClusterResult(string Cluster, long Version, bool Changed, IReadOnlyList<string> Hierarchies, long? Repeats = null)
{
    public IReadOnlyList<string> Notes { get; init; } = [];
}
