namespace Orchestrator.Domain.Cluster;

/// <summary>A server of the cluster. <paramref name="Spare"/> marks the +1 node of an N+1 cluster (S4).</summary>
public sealed record NodeDefinition(string Name, string? Address, bool Spare, SourceLocation Location);
