using Orchestrator.Domain.Rules;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld
{
    /// <summary>A path carries traffic when both nodes are up and its link is not cut.</summary>
    public Task<bool> IsPathUpAsync(string nodeA, string nodeB, CancellationToken cancellationToken) =>
        store.ReadAsync(state => IsPathUp(state, nodeA, nodeB), cancellationToken);

    /// <summary>
    /// Every path of <paramref name="paths"/> from one read of the world (the same answers as <see cref="IsPathUpAsync"/>
    /// one by one); a path naming a node the world does not know is answered as unknown, with that error.
    /// </summary>
    public Task<IReadOnlyList<PathProbeAnswer>> ProbePathsAsync(
        IReadOnlyList<(string NodeA, string NodeB)> paths, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return store.ReadAsync<IReadOnlyList<PathProbeAnswer>>(state =>
        {
            _ = state.DownPaths.Count; // one read of the (small) table, not one per path
            var answers = new PathProbeAnswer[paths.Count];
            for (var i = 0; i < answers.Length; i++)
            {
                var (a, b) = paths[i];
                try
                {
                    answers[i] = new PathProbeAnswer(a, b, IsPathUp(state, a, b));
                }
                catch (UnknownWorldObjectException e)
                {
                    answers[i] = new PathProbeAnswer(a, b, null, e.Message);
                }
            }

            return answers;
        }, cancellationToken);
    }

    /// <summary>Cuts the communication path between two nodes (both stay up).</summary>
    public Task FailPathAsync(string nodeA, string nodeB, CancellationToken cancellationToken = default) =>
        store.UpdateAsync(state => state.DownPaths.TryAdd(PathKey(WorldLookup.Node(state, nodeA).Name, WorldLookup.Node(state, nodeB).Name), true), cancellationToken);

    public Task RestorePathAsync(string nodeA, string nodeB, CancellationToken cancellationToken = default) =>
        store.UpdateAsync(state => state.DownPaths.Remove(PathKey(WorldLookup.Node(state, nodeA).Name, WorldLookup.Node(state, nodeB).Name)), cancellationToken);

    private static bool IsPathUp(WorldState state, string nodeA, string nodeB) =>
        WorldLookup.Node(state, nodeA).Up && WorldLookup.Node(state, nodeB).Up && !state.DownPaths.ContainsKey(PathKey(nodeA, nodeB));

    private static string PathKey(string a, string b) =>
        string.Compare(a, b, StringComparison.OrdinalIgnoreCase) <= 0 ? $"{a}|{b}" : $"{b}|{a}";
}
