namespace Orchestrator.Storage.Procedures;

/// <summary>A procedure about to be created, in its first state.</summary>
public sealed record NewProcedure(
    string Kind,
    string Hierarchy,
    string InitialState,
    string? SourceNode,
    string? TargetNode,
    string RequestedBy,
    string Reason,
    long DefinitionVersion,
    DateTimeOffset At);
