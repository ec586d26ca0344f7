namespace Orchestrator.Workflows.UserMove;

/// <summary>The working state of a user move (S22: `LKMovExUsers -d` / `LKExADUtil /MSU` as a procedure).</summary>
public static class UserMoveStates
{
    public const string MovingUsers = "MovingUsers";

    public static readonly IReadOnlyList<string> Phases = [MovingUsers];
}
