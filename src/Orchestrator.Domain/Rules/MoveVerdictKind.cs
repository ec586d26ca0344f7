namespace Orchestrator.Domain.Rules;

/// <summary>What <see cref="MoveAdmission"/> says about a move.</summary>
public enum MoveVerdictKind
{
    /// <summary>The move may go on.</summary>
    Admitted,

    /// <summary>Not yet, but what stops it clears by itself (a resync finishing).</summary>
    Wait,

    /// <summary>Not this move: the reason names the object and what an operator can do.</summary>
    Refused,

    /// <summary>Anti-flapping: an automatic move back onto a node that failed recently; it ends with the block period or an acknowledgement.</summary>
    Blocked,
}
