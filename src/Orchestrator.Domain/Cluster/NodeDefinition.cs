namespace Orchestrator.Domain.Cluster;

/// <summary>
/// A server of the cluster. <paramref name="Spare"/> marks the +1 node of an N+1 cluster (S4). <paramref name="Address"/> is
/// the IP address without its prefix length; <see cref="PrefixLength"/> is the one written after a '/' (null: the default, S21).
/// </summary>
public sealed record NodeDefinition(string Name, string? Address, bool Spare, SourceLocation Location)
{
    /// <summary>S21: the prefix length written with the address ("10.0.0.11/24"); null when none was written.</summary>
    public int? PrefixLength { get; init; }

    /// <summary>Where the name was written (null: at <c>Location</c>).</summary>
    public SourceLocation? NameLocation { get; init; }

    /// <summary>Where the address was written (null: at <c>Location</c>).</summary>
    public SourceLocation? AddressLocation { get; init; }

    /// <summary>Where the routing group was written (null: at <c>Location</c>).</summary>
    public SourceLocation? RoutingGroupLocation { get; init; }

    /// <summary>S23: the Exchange routing group the server was set up in; null when the file does not say.</summary>
    public string? RoutingGroup { get; init; }

    /// <summary>Issue 14: how to reach the node's agent (an agents cluster); null when the file does not say.</summary>
    public NodeAgent? Agent { get; init; }

    /// <summary>Issue 14: the node's fence script, run on the orchestrator's host (the fence device acts, not the node); null when none.</summary>
    public string? FenceScript { get; init; }

    /// <summary>S21: the node's subnet, or null when its address is unknown or not valid.</summary>
    public Subnet? Subnet => Cluster.Subnet.Of(Address, PrefixLength);
}
