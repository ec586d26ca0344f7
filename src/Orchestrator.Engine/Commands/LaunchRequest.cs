namespace Orchestrator.Engine.Commands;

/// <summary>
/// A decided move: which procedure, from where to where, who asked, and why (in words, with the evidence).
/// With <paramref name="HoldReason"/> it is created waiting for an operator's approval.
/// With <paramref name="Plan"/> the caller laid the steps out itself (a procedure whose plan needs more than the move),
/// and <paramref name="Data"/> goes into the first audit row.
/// </summary>
public sealed record LaunchRequest(
    string Kind, HierarchyContext Context, string? SourceNode, string TargetNode, string Actor, string Reason, string? HoldReason = null,
    IReadOnlyList<Storage.Procedures.PlannedStep>? Plan = null, string? Data = null, string? HierarchyKey = null);
