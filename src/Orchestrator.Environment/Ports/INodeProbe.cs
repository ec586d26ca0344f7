using Orchestrator.Domain.Rules;

namespace Orchestrator.Environment.Ports;

/// <summary>Answers whether a node is up and whether a communication path between two nodes carries traffic.</summary>
public interface INodeProbe
{
    Task<bool> IsUpAsync(string node, CancellationToken cancellationToken);

    /// <summary>
    /// Probes each of <paramref name="nodes"/> once, at most <paramref name="parallelism"/> at once, answers in the same
    /// order; a probe that cannot answer is answered as such (<see cref="NodeProbeAnswer.NoAnswer"/>), never as down.
    /// By default one <see cref="IsUpAsync"/> per node; an environment that can observe every node at once (the simulated
    /// world: one read) answers them all from that one observation.
    /// </summary>
    Task<IReadOnlyList<NodeProbeAnswer>> ProbeNodesAsync(IReadOnlyList<string> nodes, int parallelism, CancellationToken cancellationToken) =>
        BoundedProbe.EachAsync(
            nodes,
            parallelism,
            async (node, token) => new NodeProbeAnswer(node, await IsUpAsync(node, token).ConfigureAwait(false)),
            (node, e) => NodeProbeAnswer.NoAnswer(node, e.Message),
            cancellationToken);
}
