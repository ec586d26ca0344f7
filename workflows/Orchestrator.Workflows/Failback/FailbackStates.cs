namespace Orchestrator.Workflows.Failback;

/// <summary>The working states of a failback (S20, S26).</summary>
public static class FailbackStates
{
    public const string Preparing = "Preparing";

    /// <summary>On the backup it failed over to: stop services, remove shares, release the IP, unmount volumes.</summary>
    public const string TakingOutOfService = "TakingOutOfService";

    /// <summary>On the better node: mount, acquire, point DNS, start services, restore shares.</summary>
    public const string BringingInService = "BringingInService";

    /// <summary>Move the users back (S22) and reconnect the other servers' queues (S26).</summary>
    public const string Reconnecting = "Reconnecting";

    public static readonly IReadOnlyList<string> Phases = [Preparing, TakingOutOfService, BringingInService, Reconnecting];
}
