namespace Orchestrator.Engine.Commands;

/// <summary>A procedure was created and its first step committed.</summary>
public sealed record ProcedureStarted(long Id, string Kind, string Hierarchy, string? SourceNode, string TargetNode, int Steps);
