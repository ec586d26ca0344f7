namespace Orchestrator.Storage.Procedures;

/// <summary>Whether a transition committed, and which step (if any) the committing worker now holds.</summary>
public sealed record TransitionOutcome(bool Committed, int? ClaimedSeq)
{
    public static readonly TransitionOutcome Lost = new(false, null);
}
