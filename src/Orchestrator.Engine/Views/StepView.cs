namespace Orchestrator.Engine.Views;

/// <summary>
/// One step of a procedure as an operator reads it; a done step that fell short of its purpose says so
/// (<paramref name="Outcome"/>: partial or not-achieved, <paramref name="OutcomeNote"/>: what, by name).
/// </summary>
public sealed record StepView(
    int Seq, string Phase, string Action, string Node, string Target, string Description, string Status, int Attempts, string? LastError,
    string? WaitingFor = null, string? Outcome = null, string? OutcomeNote = null);
