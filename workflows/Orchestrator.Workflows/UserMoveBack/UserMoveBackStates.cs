namespace Orchestrator.Workflows.UserMoveBack;

/// <summary>The working state of moving a deleted hierarchy's users back to its primary (S10 repair).</summary>
public static class UserMoveBackStates
{
    /// <summary>The users the hierarchy's tombstone recorded on the backup are homed on its primary again.</summary>
    public const string MovingUsersBack = "MovingUsersBack";

    public static readonly IReadOnlyList<string> Phases = [MovingUsersBack];
}
