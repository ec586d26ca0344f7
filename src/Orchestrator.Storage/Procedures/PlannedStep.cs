namespace Orchestrator.Storage.Procedures;

/// <summary>A step as a procedure's plan lays it out, before it is stored.</summary>
public sealed record PlannedStep(string Phase, string Action, string Node, string Target, int MaxWaitSeconds);
