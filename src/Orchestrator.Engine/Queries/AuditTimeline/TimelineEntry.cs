namespace Orchestrator.Engine.Queries.AuditTimeline;

/// <summary>
/// One line of a hierarchy's timeline: a procedure (kind, who asked and why, the nodes, how it ended and how long it
/// took, its audit rows) or a decision without a procedure (a refused or waiting failover, a monitor decision).
/// </summary>
public sealed record TimelineEntry(
    long FirstSequence,
    long? ProcedureId,
    string Kind,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    double? DurationSeconds,
    string Actor,
    string? Nodes,
    string Outcome,
    string Reason,
    int Rows);
