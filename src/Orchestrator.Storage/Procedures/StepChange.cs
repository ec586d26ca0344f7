namespace Orchestrator.Storage.Procedures;

/// <summary>
/// How one step row changes inside a transition. A step that becomes done may say how far it achieved its purpose
/// (<paramref name="Outcome"/>, a <see cref="StepOutcome"/>, with <paramref name="OutcomeNote"/> in words).
/// <paramref name="ResetDeadline"/> forgets when the step first started, so its MAXWAIT counts afresh from its next start
/// (an operator's retry).
/// </summary>
public sealed record StepChange(
    int Seq, string NewStatus, string? Error = null, bool BumpGeneration = false, bool ResetAttempts = false, string? Outcome = null, string? OutcomeNote = null,
    bool ResetDeadline = false);
