using Mediator;

namespace Orchestrator.Engine.Queries.AuditTimeline;

/// <summary>`audit timeline H`: the hierarchy's history procedure by procedure, with durations, and the decisions between them.</summary>
public sealed record AuditTimelineQuery(string Hierarchy, int Limit = 100) : IQuery<IReadOnlyList<TimelineEntry>>;
