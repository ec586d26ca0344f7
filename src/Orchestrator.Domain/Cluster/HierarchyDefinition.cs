namespace Orchestrator.Domain.Cluster;

/// <summary>S5: a resource hierarchy kept in service on exactly one node.</summary>
public sealed record HierarchyDefinition(
    string Name,
    string Mode,
    ApplicationResource Application,
    IReadOnlyList<VolumeResource> Volumes,
    SwitchableAddress? Address,
    IReadOnlyList<DnsRecord> Dns,
    IReadOnlyList<NodePriority> Priorities,
    SourceLocation Location)
{
    public const string ActiveStandby = "active-standby";

    /// <summary>The node with priority 1 (or the best priority), where the hierarchy was created.</summary>
    public string PrimaryNode => Priorities.OrderBy(p => p.Priority).First().Node;

    public bool Includes(string node) =>
        Priorities.Any(p => string.Equals(p.Node, node, StringComparison.OrdinalIgnoreCase));

    public int? PriorityOf(string node) =>
        Priorities.FirstOrDefault(p => string.Equals(p.Node, node, StringComparison.OrdinalIgnoreCase))?.Priority;
}
