namespace Orchestrator.Domain.Rules;

/// <summary>
/// A node that failed under a hierarchy: <paramref name="Node"/> was the failed node of failover
/// #<paramref name="FailoverId"/>, started at <paramref name="At"/>; <paramref name="AcknowledgedAt"/> is the latest
/// <c>procedures ack</c> of that failover, if any. Anti-flapping reads it.
/// </summary>
public sealed record NodeFailure(string Node, DateTimeOffset At, long FailoverId, DateTimeOffset? AcknowledgedAt = null);
