namespace Orchestrator.Environment.Ports;

/// <summary>
/// Reads, in one call, what the monitor checks about one node's resources: the state of services on it, which of the
/// asked volumes are mounted on it, which addresses it owns and which DNS records point at it. One read per node per
/// round, so a round costs nodes + hierarchies, not their product.
/// </summary>
public interface INodeResourceProbe
{
    Task<NodeResources> ReadResourcesAsync(NodeResourceQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Answers each of <paramref name="queries"/> (one per node), at most <paramref name="parallelism"/> at once, in the
    /// same order; a read that fails is answered with its error (those resources are unknown). By default one
    /// <see cref="ReadResourcesAsync"/> per node; an environment that can read every node at once (the simulated world:
    /// one read) answers them all from that one read.
    /// </summary>
    Task<IReadOnlyList<NodeResourcesRead>> ReadAllResourcesAsync(
        IReadOnlyList<NodeResourceQuery> queries, int parallelism, CancellationToken cancellationToken) =>
        BoundedProbe.EachAsync(
            queries,
            parallelism,
            async (query, token) => new NodeResourcesRead(query, await ReadResourcesAsync(query, token).ConfigureAwait(false), null),
            (query, e) => new NodeResourcesRead(query, null, e),
            cancellationToken);
}
