namespace Orchestrator.Engine.Commands.ApplyCluster;

public sealed record ApplyClusterResult(string Cluster, long Version, bool Changed, IReadOnlyList<string> Hierarchies);
