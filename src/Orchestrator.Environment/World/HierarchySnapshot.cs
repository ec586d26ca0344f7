namespace Orchestrator.Environment.World;

/// <summary>
/// A hierarchy and the nodes where it is in service: all its volumes mounted there and all its services running
/// there. More than one node means the world is split-brained; none means it is out of service. <see cref="Nodes"/> are the
/// nodes the world records for it (S10–S12), primary first.
/// </summary>
public sealed record HierarchySnapshot(string Name, IReadOnlyList<string> InServiceNodes)
{
    /// <summary>The nodes the world records for the hierarchy, in priority order (the first is the primary).</summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];

    /// <summary>The application (Exchange virtual server) it protects.</summary>
    public string? Application { get; init; }
}
