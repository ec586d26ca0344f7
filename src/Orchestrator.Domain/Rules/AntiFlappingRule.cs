using static Orchestrator.Domain.Rules.RuleText;

namespace Orchestrator.Domain.Rules;

/// <summary>
/// Anti-flapping (S2): it stops a hierarchy bouncing between the same nodes, not a cascade. An automatic move of a
/// hierarchy onto a node that failed under it (the failed node of one of its failovers) within the block period (the
/// cluster's failover-block), and whose failover no operator acknowledged since, is blocked; a move onto a node not
/// yet involved is not. Pure.
/// </summary>
public static class AntiFlappingRule
{
    /// <summary>
    /// The latest failure of <paramref name="node"/> that blocks an automatic move onto it at <paramref name="now"/>:
    /// less than <paramref name="blockPeriod"/> ago (or in the future) and not acknowledged after it happened; null when
    /// none does. A period of zero or less blocks nothing.
    /// </summary>
    public static NodeFailure? BlockingFailure(string node, IReadOnlyList<NodeFailure> failures, DateTimeOffset now, TimeSpan blockPeriod)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(failures);
        if (blockPeriod <= TimeSpan.Zero)
        {
            return null;
        }

        return failures
            .Where(f => Names.Equals(f.Node, node) && now - f.At < blockPeriod && !(f.AcknowledgedAt is { } ack && ack > f.At))
            .OrderByDescending(f => f.At)
            .FirstOrDefault();
    }

    /// <summary>Which node, when it failed, which failover, when the block ends and what lifts it, in words.</summary>
    public static string Describe(string hierarchy, NodeFailure failure, TimeSpan blockPeriod)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return $"{failure.Node} failed at {Instant(failure.At)} (failover #{failure.FailoverId} of {hierarchy}); anti-flapping keeps automatic moves "
            + $"of {hierarchy} off it until {Instant(failure.At + blockPeriod)} (failover-block {Duration(blockPeriod)}); "
            + $"`orchestrator procedures ack {failure.FailoverId}` lifts the block";
    }
}
