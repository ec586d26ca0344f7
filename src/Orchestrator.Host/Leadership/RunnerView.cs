namespace Orchestrator.Host.Leadership;

/// <summary>
/// A runner as <c>cluster runners</c> shows it: its last heartbeat and how old it is; <paramref name="Silent"/> once no
/// heartbeat came for a whole lease (the runner died without a clean stop, or cannot reach the database).
/// </summary>
public sealed record RunnerView(string RunnerId, string Host, long Pid, DateTimeOffset StartedAt, DateTimeOffset LastSeenAt, double AgeSeconds, bool Silent, bool IsLeader);
