namespace Orchestrator.Engine.Views;

/// <summary>One step of a procedure as an operator reads it.</summary>
public sealed record StepView(int Seq, string Phase, string Action, string Node, string Target, string Description, string Status, int Attempts, string? LastError, string? WaitingFor = null);
