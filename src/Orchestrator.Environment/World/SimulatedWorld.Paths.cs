namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld
{
    /// <summary>A path carries traffic when both nodes are up and its link is not cut.</summary>
    public Task<bool> IsPathUpAsync(string nodeA, string nodeB, CancellationToken cancellationToken) =>
        store.ReadAsync(
            state => WorldLookup.Node(state, nodeA).Up && WorldLookup.Node(state, nodeB).Up && !state.DownPaths.ContainsKey(PathKey(nodeA, nodeB)),
            cancellationToken);

    /// <summary>Cuts the communication path between two nodes (both stay up).</summary>
    public Task FailPathAsync(string nodeA, string nodeB, CancellationToken cancellationToken = default) =>
        store.UpdateAsync(state => state.DownPaths.TryAdd(PathKey(WorldLookup.Node(state, nodeA).Name, WorldLookup.Node(state, nodeB).Name), true), cancellationToken);

    public Task RestorePathAsync(string nodeA, string nodeB, CancellationToken cancellationToken = default) =>
        store.UpdateAsync(state => state.DownPaths.Remove(PathKey(WorldLookup.Node(state, nodeA).Name, WorldLookup.Node(state, nodeB).Name)), cancellationToken);

    private static string PathKey(string a, string b) =>
        string.Compare(a, b, StringComparison.OrdinalIgnoreCase) <= 0 ? $"{a}|{b}" : $"{b}|{a}";
}
