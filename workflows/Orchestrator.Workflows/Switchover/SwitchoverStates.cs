namespace Orchestrator.Workflows.Switchover;

/// <summary>The working states of a switchover (the common ones are in ProcedureStates).</summary>
public static class SwitchoverStates
{
    /// <summary>Checking, when the procedure runs, that the target is still fit to take the hierarchy.</summary>
    public const string Preparing = "Preparing";

    /// <summary>On the source: stop services (reverse order), remove shares, release the IP, unmount volumes.</summary>
    public const string TakingOutOfService = "TakingOutOfService";

    /// <summary>On the target: mount volumes, acquire the IP, update DNS, start services in order, restore shares.</summary>
    public const string BringingInService = "BringingInService";

    public static readonly IReadOnlyList<string> Phases = [Preparing, TakingOutOfService, BringingInService];
}
