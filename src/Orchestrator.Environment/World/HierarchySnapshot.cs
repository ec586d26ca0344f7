namespace Orchestrator.Environment.World;

/// <summary>
/// A hierarchy and the nodes where it is in service: all its volumes mounted there and all its services running
/// there. More than one node means the world is split-brained; none means it is out of service.
/// </summary>
public sealed record HierarchySnapshot(string Name, IReadOnlyList<string> InServiceNodes);
