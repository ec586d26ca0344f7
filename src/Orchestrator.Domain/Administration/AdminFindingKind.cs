namespace Orchestrator.Domain.Administration;

/// <summary>What an administration rule says about one object of a change (issue 16).</summary>
public enum AdminFindingKind
{
    /// <summary>The change is refused: the message names the object and the fix (exit 2; a refused command changes nothing).</summary>
    Refused,

    /// <summary>S6: the change is warned against; it goes on only with <c>--force</c>, and the override is audited.</summary>
    NeedsForce,
}
