namespace Orchestrator.Host.Web.Data;

/// <summary>One step of a procedure with its times: first started, completed, and how long it took.</summary>
public sealed record StepDetails(
    int Seq,
    string Phase,
    string Action,
    string Node,
    string Target,
    string Description,
    string Status,
    int Attempts,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string? LastError,
    string? WaitingFor)
{
    public TimeSpan? Duration => StartedAt is { } s && CompletedAt is { } c && c >= s ? c - s : null;
}
