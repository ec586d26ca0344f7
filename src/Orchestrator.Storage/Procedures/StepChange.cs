namespace Orchestrator.Storage.Procedures;

/// <summary>How one step row changes inside a transition.</summary>
public sealed record StepChange(int Seq, string NewStatus, string? Error = null, bool BumpGeneration = false, bool ResetAttempts = false);
