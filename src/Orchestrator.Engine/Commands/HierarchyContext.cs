using Orchestrator.Domain.Cluster;

namespace Orchestrator.Engine.Commands;

/// <summary>A hierarchy as a request sees it: its definition (and version) and where it is placed now.</summary>
public sealed record HierarchyContext(ClusterDefinition Cluster, long DefinitionVersion, HierarchyDefinition Hierarchy, string? PlacedOn);
