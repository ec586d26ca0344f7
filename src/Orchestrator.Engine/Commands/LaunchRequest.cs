namespace Orchestrator.Engine.Commands;

/// <summary>
/// A decided move: which procedure, from where to where, who asked, and why (in words, with the evidence).
/// With <paramref name="HoldReason"/> it is created waiting for an operator's approval.
/// </summary>
public sealed record LaunchRequest(string Kind, HierarchyContext Context, string? SourceNode, string TargetNode, string Actor, string Reason, string? HoldReason = null);
