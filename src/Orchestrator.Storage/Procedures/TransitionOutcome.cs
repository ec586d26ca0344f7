namespace Orchestrator.Storage.Procedures;

/// <summary>Whether a transition committed, and the step (if any) the committing worker now holds, as stored.</summary>
public sealed record TransitionOutcome(bool Committed, StepRecord? Claimed)
{
    public static readonly TransitionOutcome Lost = new(false, null);
}
