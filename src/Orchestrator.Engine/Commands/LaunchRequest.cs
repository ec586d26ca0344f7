namespace Orchestrator.Engine.Commands;

/// <summary>A decided move: which procedure, from where to where, who asked, and why (in words, with the evidence).</summary>
public sealed record LaunchRequest(string Kind, HierarchyContext Context, string? SourceNode, string TargetNode, string Actor, string Reason);
