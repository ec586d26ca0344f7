namespace Orchestrator.Workflows.RollingUpdate;

/// <summary>The phases of a rolling software update (S29) and its suspended state.</summary>
public static class RollingUpdateStates
{
    /// <summary>Two-node: agent stopped (resources active), mirror paused, install, verify, mirror back to mirroring, on the primary.</summary>
    public const string UpdatingPrimary = "UpdatingPrimary";

    /// <summary>Two-node: the first planned move, primary → backup (the hierarchy is down only here and in MovingBack).</summary>
    public const string MovingToBackup = "MovingToBackup";

    /// <summary>Two-node: the same update on the backup, then the primary restarted and its mirror back to mirroring.</summary>
    public const string UpdatingBackup = "UpdatingBackup";

    /// <summary>Waiting for the scheduled switchback time (a persisted timer).</summary>
    public const string WaitingForSwitchback = "WaitingForSwitchback";

    /// <summary>The second planned move, back to the primary; then the operator's switchback type is restored.</summary>
    public const string MovingBack = "MovingBack";

    /// <summary>Cluster: every hierarchy in service on the node is moved off it (child switchovers).</summary>
    public const string MovingOff = "MovingOff";

    /// <summary>Cluster: the node is updated and verified (with its retries).</summary>
    public const string UpdatingNode = "UpdatingNode";

    /// <summary>A failover of the hierarchy took precedence; `update resume` re-checks the preconditions and goes on.</summary>
    public const string Suspended = "Suspended";

    public static IReadOnlyList<string> Phases { get; } =
        [UpdatingPrimary, MovingToBackup, UpdatingBackup, WaitingForSwitchback, MovingBack, MovingOff, UpdatingNode];
}
