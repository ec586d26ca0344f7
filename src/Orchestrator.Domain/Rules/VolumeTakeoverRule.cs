namespace Orchestrator.Domain.Rules;

/// <summary>
/// Issue 14: whether a volume's start on <c>target</c> may take the volume over from a node that still holds it (a
/// lock-file volume whose holder died with the lock in place). Only after fencing: a fenced node holds nothing any more,
/// so the start may force the takeover when another node of the volume's hierarchy has been fenced; with no fenced
/// peer the start is an ordinary one (a live holder refuses it, and the step waits for the operator). Pure.
/// </summary>
public static class VolumeTakeoverRule
{
    /// <summary>True when a node of <paramref name="hierarchyNodes"/> other than <paramref name="target"/> is in <paramref name="fenced"/>.</summary>
    public static bool MayTakeOver(string target, IEnumerable<string> hierarchyNodes, IReadOnlyCollection<string> fenced)
    {
        ArgumentNullException.ThrowIfNull(hierarchyNodes);
        ArgumentNullException.ThrowIfNull(fenced);
        return hierarchyNodes.Any(node =>
            !string.Equals(node, target, StringComparison.OrdinalIgnoreCase) && fenced.Contains(node, StringComparer.OrdinalIgnoreCase));
    }
}
