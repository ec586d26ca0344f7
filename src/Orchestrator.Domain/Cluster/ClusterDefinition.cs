namespace Orchestrator.Domain.Cluster;

/// <summary>A whole cluster: nodes, communication paths, hierarchies and settings.</summary>
public sealed record ClusterDefinition(
    string Name,
    ClusterSettings Settings,
    IReadOnlyList<NodeDefinition> Nodes,
    IReadOnlyList<CommunicationPath> Paths,
    IReadOnlyList<HierarchyDefinition> Hierarchies,
    SourceLocation Location)
{
    /// <summary>S23: the public-folder owner list, first owner first; empty when the file does not declare it.</summary>
    public IReadOnlyList<PublicFolderOwner> PublicFolderOwners { get; init; } = [];

    /// <summary>Issue 14: the file's 'environment' (simulated unless it says agents).</summary>
    public ClusterEnvironment Environment { get; init; } = ClusterEnvironment.Simulated;

    /// <summary>Where 'environment' was written (the cluster's location when it was not).</summary>
    public SourceLocation EnvironmentLocation { get; init; } = SourceLocation.Unknown;

    /// <summary>Where the name was written (null: at the top of the file).</summary>
    public SourceLocation? NameLocation { get; init; }

    public NodeDefinition? FindNode(string name) =>
        Nodes.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase));

    public HierarchyDefinition? FindHierarchy(string name) =>
        Hierarchies.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));

    public bool HasPath(string a, string b) => Paths.Any(p => p.Connects(a, b));
}
