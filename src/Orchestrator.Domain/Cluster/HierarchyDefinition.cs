using Orchestrator.Domain.Administration;

namespace Orchestrator.Domain.Cluster;

/// <summary>S5: a resource hierarchy kept in service on exactly one node; <c>Switchback</c> overrides the cluster's (S20).</summary>
public sealed record HierarchyDefinition(
    string Name,
    string Mode,
    ApplicationResource Application,
    IReadOnlyList<VolumeResource> Volumes,
    SwitchableAddress? Address,
    IReadOnlyList<DnsRecord> Dns,
    IReadOnlyList<NodePriority> Priorities,
    SourceLocation Location,
    SwitchbackType? Switchback = null)
{
    /// <summary>S20: this hierarchy's switchback type, or the cluster's when the hierarchy does not set one.</summary>
    public SwitchbackType SwitchbackOr(ClusterSettings settings) => Switchback ?? settings.Switchback;

    public const string ActiveStandby = "active-standby";

    /// <summary>S2/S27: the volumes are replicated (mirrored, DataKeeper) between the nodes instead of on shared storage.</summary>
    public bool Replicated { get; init; }

    /// <summary>
    /// S5: the file's explicit 'dependencies' (parent/child edges between the hierarchy's resources), the complete edge list
    /// when there are any; empty: the implicit tree, the application resource over every other resource (see ResourceTree.Of).
    /// </summary>
    public IReadOnlyList<ResourceDependency> Dependencies { get; init; } = [];

    /// <summary>Where the name was written (null: at <c>Location</c>).</summary>
    public SourceLocation? NameLocation { get; init; }

    /// <summary>Where the mode was written (null: at <c>Location</c>).</summary>
    public SourceLocation? ModeLocation { get; init; }

    /// <summary>The node with priority 1 (or the best priority), where the hierarchy was created.</summary>
    public string PrimaryNode => Priorities.OrderBy(p => p.Priority).First().Node;

    public bool Includes(string node) =>
        Priorities.Any(p => string.Equals(p.Node, node, StringComparison.OrdinalIgnoreCase));

    public int? PriorityOf(string node) =>
        Priorities.FirstOrDefault(p => string.Equals(p.Node, node, StringComparison.OrdinalIgnoreCase))?.Priority;
}
