namespace Orchestrator.Workflows.RollingUpdate;

/// <summary>One node of a rolling update: its state (pending, updating, updated, failed), versions, times and what comes next.</summary>
public sealed record NodeUpdateView(
    string Node,
    string State,
    string? VersionBefore,
    string VersionNow,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? DurationSeconds,
    string? Next);
