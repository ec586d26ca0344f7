namespace Orchestrator.Engine.Commands.ApplyCluster;

/// <summary>What `cluster apply` did: the version now current, whether it is new, and the earlier version it repeats (if any).</summary>
public sealed record ApplyClusterResult(string Cluster, long Version, bool Changed, IReadOnlyList<string> Hierarchies, long? Repeats = null);
