namespace Orchestrator.Engine.Views;

/// <summary>A procedure as an operator reads it.</summary>
public sealed record ProcedureView(
    long Id,
    string Kind,
    string Hierarchy,
    string State,
    bool IsActive,
    string? SourceNode,
    string? TargetNode,
    string RequestedBy,
    string Reason,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<StepView> Steps)
{
    public int StepsDone => Steps.Count(s => s.Status == Storage.Procedures.StepStatus.Done);

    /// <summary>What fell short of the procedure's purpose, step by step, in words (e.g. the users that failed to move, 28523).</summary>
    public IReadOnlyList<string> Shortfalls => Steps.Where(s => s.Outcome is not null && s.OutcomeNote is not null).Select(s => s.OutcomeNote!).ToList();
}
