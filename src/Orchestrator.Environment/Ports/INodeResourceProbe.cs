namespace Orchestrator.Environment.Ports;

/// <summary>
/// Reads, in one call, what the monitor checks about one node's resources: the state of services on it, which of the
/// asked volumes are mounted on it, which addresses it owns and which DNS records point at it. One read per node per
/// round, so a round costs nodes + hierarchies, not their product.
/// </summary>
public interface INodeResourceProbe
{
    Task<NodeResources> ReadResourcesAsync(NodeResourceQuery query, CancellationToken cancellationToken);
}
