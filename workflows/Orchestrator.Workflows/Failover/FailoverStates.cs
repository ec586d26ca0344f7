namespace Orchestrator.Workflows.Failover;

/// <summary>The working states of a failover (the common ones are in ProcedureStates).</summary>
public static class FailoverStates
{
    /// <summary>Making the failed node unable to serve (power off) before anything is brought up elsewhere (S3).</summary>
    public const string Fencing = "Fencing";

    /// <summary>On the target: mount volumes, acquire the IP, point DNS, start services in order, restore shares, move the users (S21, S22).</summary>
    public const string BringingInService = "BringingInService";

    public static readonly IReadOnlyList<string> Phases = [Fencing, BringingInService];
}
