using Orchestrator.Engine.Views;

namespace Orchestrator.Host.Web.Data;

/// <summary>A procedure in one line, for lists: what, where, how far, by whom, when — and what fell short of its purpose (28523 users by name).</summary>
public sealed record ProcedureSummary(
    long Id,
    string Kind,
    string Hierarchy,
    string State,
    bool IsActive,
    string? SourceNode,
    string? TargetNode,
    string RequestedBy,
    string Reason,
    int StepsDone,
    int StepsTotal,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<string> Shortfalls)
{
    public static ProcedureSummary From(ProcedureView p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.Id, p.Kind, p.Hierarchy, p.State, p.IsActive, p.SourceNode, p.TargetNode, p.RequestedBy, p.Reason,
            p.StepsDone, p.Steps.Count, p.CreatedAt, p.UpdatedAt, p.CompletedAt, p.Shortfalls);
    }
}
