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
    Task<IReadOnlyList<PathProbeAnswer>> ProbePathsAsync(
        IReadOnlyList<(string NodeA, string NodeB)> paths, int parallelism, CancellationToken cancellationToken) =>
        BoundedProbe.EachAsync(
            paths,
            parallelism,
            async (path, token) => new PathProbeAnswer(path.NodeA, path.NodeB, await IsPathUpAsync(path.NodeA, path.NodeB, token).ConfigureAwait(false)),
            (path, e) => new PathProbeAnswer(path.NodeA, path.NodeB, null, e.Message),
            cancellationToken);
}
