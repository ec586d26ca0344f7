namespace Orchestrator.Storage.Leadership;

/// <summary>
/// One of the health monitor's counters as stored: a subject's consecutive failed checks (e.g. "exch1/node node1"), or
/// since when a node has been healthy (the subject is the node). Both null: the counter is gone (its row is deleted).
/// </summary>
public sealed record MonitorCounter(string Subject, int? Failures, DateTimeOffset? HealthySince);
