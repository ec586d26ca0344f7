using Orchestrator.Domain.Rules;

namespace Orchestrator.Environment.Ports;

/// <summary>S1: whether a communication path between two nodes carries traffic (both ends up, the link up).</summary>
public interface IPathProbe
{
    Task<bool> IsPathUpAsync(string nodeA, string nodeB, CancellationToken cancellationToken);

    /// <summary>
    /// Probes each of <paramref name="paths"/> once, at most <paramref name="parallelism"/> at once, answers in the same
    /// order; a path that cannot be probed is answered as such (up unknown, with the error), never as down. By default one
    /// <see cref="IsPathUpAsync"/> per path; an environment that can observe every path at once (the simulated world: one
    /// read) answers them all from that one observation.
    /// </summary>
    async Task<IReadOnlyList<PathProbeAnswer>> ProbePathsAsync(
        IReadOnlyList<(string NodeA, string NodeB)> paths, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var answers = new PathProbeAnswer[paths.Count];
        var bounded = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, answers.Length, bounded, async (i, token) =>
        {
            var (a, b) = paths[i];
            try
            {
                answers[i] = new PathProbeAnswer(a, b, await IsPathUpAsync(a, b, token).ConfigureAwait(false));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                answers[i] = new PathProbeAnswer(a, b, null, e.Message);
            }
        }).ConfigureAwait(false);
        return answers;
    }
}
