namespace Orchestrator.Domain.Rules;

/// <summary>Where a hierarchy is in service now (<paramref name="Node"/>) and the node it is primary on (<paramref name="PrimaryNode"/>).</summary>
public sealed record HierarchyPlacement(string Hierarchy, string Node, string PrimaryNode)
{
    /// <summary>True when the hierarchy runs away from its primary, i.e. it failed (or was switched) over.</summary>
    public bool IsFailedOver => !string.Equals(Node, PrimaryNode, StringComparison.OrdinalIgnoreCase);
}
