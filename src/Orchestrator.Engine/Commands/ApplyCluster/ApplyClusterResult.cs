namespace Orchestrator.Engine.Commands.ApplyCluster;

/// <summary>
/// What `cluster apply` did: the version now current, whether it is new, the earlier version it repeats (if any), and one
/// line per thing it did to the nodes or could not do (e.g. S7 start modes). <see cref="Plan"/> is what it planned (issue
/// 16); a dry run (<see cref="DryRun"/>) only planned: its version is the stored one and nothing changed.
/// </summary>
public sealed record ApplyClusterResult(string Cluster, long Version, bool Changed, IReadOnlyList<string> Hierarchies, long? Repeats = null)
{
    public IReadOnlyList<string> Notes { get; init; } = [];

    public ApplyPlan? Plan { get; init; }

    public bool DryRun { get; init; }
}
