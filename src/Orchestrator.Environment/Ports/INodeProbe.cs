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
    async Task<IReadOnlyList<NodeProbeAnswer>> ProbeNodesAsync(IReadOnlyList<string> nodes, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var answers = new NodeProbeAnswer[nodes.Count];
        var bounded = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, answers.Length, bounded, async (i, token) =>
        {
            try
            {
                answers[i] = new NodeProbeAnswer(nodes[i], await IsUpAsync(nodes[i], token).ConfigureAwait(false));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                answers[i] = NodeProbeAnswer.NoAnswer(nodes[i], e.Message);
            }
        }).ConfigureAwait(false);
        return answers;
    }
}
