namespace Orchestrator.Storage.Procedures;

/// <summary>
/// Whether a transition committed, and the step (if any) the committing worker now holds, as stored. <see cref="Fenced"/>:
/// not committed because the committer's claim was taken over (a stale fencing token) — nothing changed.
/// </summary>
public sealed record TransitionOutcome(bool Committed, StepRecord? Claimed, bool Fenced = false)
{
    public static readonly TransitionOutcome Lost = new(false, null);

    public static readonly TransitionOutcome Stale = new(false, null, Fenced: true);
}
