namespace Orchestrator.Storage.Fencing;

/// <summary>
/// Issue 14 point 3: the nodes fenced on real hardware (their fence script said so), kept where every runner reads them,
/// so a restarted or a second orchestrator knows a fence the first one made. One row per node (names ignore case); a
/// newer fence of the node replaces its row. The row goes when the node has come back (its agent answers again).
/// </summary>
public interface IFencedNodeStore
{
    /// <summary>Records that <paramref name="node"/> was fenced by the step of <paramref name="effectKey"/> at <paramref name="at"/>.</summary>
    Task RecordAsync(string node, string effectKey, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The node's fence as recorded, or null when it has none.</summary>
    Task<FencedNode?> GetAsync(string node, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the node's fence recorded by <paramref name="effectKey"/> (the node came back); a newer fence of it, by another
    /// key, stays. False when there was no such row.
    /// </summary>
    Task<bool> ClearAsync(string node, string effectKey, CancellationToken cancellationToken);
}
