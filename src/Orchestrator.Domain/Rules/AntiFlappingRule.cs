using static Orchestrator.Domain.Rules.RuleText;

namespace Orchestrator.Domain.Rules;

/// <summary>
/// Anti-flapping: after a failover, automatic failover of the same hierarchy is blocked for a period (the
/// cluster's failover-block), unless an operator acknowledged that failover after it happened. Pure.
/// </summary>
public static class AntiFlappingRule
{
    /// <summary>
    /// Blocked when <paramref name="now"/> is less than <paramref name="blockPeriod"/> after <paramref name="lastFailoverAt"/>
    /// and there is no acknowledgement strictly after that failover. A period of zero or less blocks nothing.
    /// </summary>
    public static (bool Blocked, string Reason) IsBlocked(
        DateTimeOffset? lastFailoverAt, DateTimeOffset? acknowledgedAt, DateTimeOffset now, TimeSpan blockPeriod)
    {
        if (lastFailoverAt is not { } last)
            return (false, "not blocked: there has been no failover");
        if (blockPeriod <= TimeSpan.Zero)
            return (false, "not blocked: the anti-flapping block period is 0, so it is disabled");
        var when = $"the last failover was at {Instant(last)}";
        if (acknowledgedAt is { } ack && ack > last)
            return (false, $"not blocked: {when} and an operator acknowledged it at {Instant(ack)}");
        var since = now - last;
        if (since >= blockPeriod)
            return (false, $"not blocked: {when}, {Duration(since)} ago, longer than the {Duration(blockPeriod)} anti-flapping block period");
        var ago = since < TimeSpan.Zero ? $"{Duration(-since)} in the future" : $"{Duration(since)} ago";
        return (true, $"blocked: {when}, {ago}, within the {Duration(blockPeriod)} anti-flapping block period, and has not been acknowledged; "
            + $"automatic failover resumes at {Instant(last + blockPeriod)}, or earlier once an operator acknowledges that failover");
    }
}
