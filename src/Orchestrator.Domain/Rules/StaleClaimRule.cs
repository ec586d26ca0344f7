namespace Orchestrator.Domain.Rules;

/// <summary>
/// Issue 12: whether an effect asked for under a claim's fencing token is stale. An adapter remembers, per effect, the
/// highest token it accepted; a lower token comes from a claim a newer one took over and is refused. Token 0 means "not
/// issued by a claim" (monitor recovery, apply's start modes) and is never stale; nor is any token for an effect never
/// applied (no accepted token: unknown, not stale). Pure.
/// </summary>
public static class StaleClaimRule
{
    /// <summary>True when <paramref name="token"/> is lower than <paramref name="accepted"/> (the highest accepted, null when none).</summary>
    public static bool IsStale(long token, long? accepted) => token != 0 && accepted is { } highest && token < highest;

    /// <summary>The token to remember after accepting <paramref name="token"/> (the higher of the two).</summary>
    public static long Accepted(long token, long? accepted) => Math.Max(token, accepted ?? 0);

    /// <summary>Why the effect was refused, in words ("fenced: stale claim token T (accepted: L) for kind of target on node").</summary>
    public static string Describe(long token, long accepted, string kind, string target, string node) =>
        $"fenced: stale claim token {token} (accepted: {accepted}) for {kind} of {target} on {node}";
}
