namespace Orchestrator.Workflows.RemoveProtection;

/// <summary>The working states of removing a hierarchy's protection (S17), in order; the definition is stored last.</summary>
public static class RemoveProtectionStates
{
    /// <summary>Every protected service set back to automatic start on every node of the hierarchy.</summary>
    public const string ReleasingServices = "ReleasingServices";

    /// <summary>The hierarchy's DNS records pointed at the node it is in service on (the real server's name and address).</summary>
    public const string PointingClients = "PointingClients";

    /// <summary>The world forgets the hierarchy; its resources stay in service where they are.</summary>
    public const string ForgettingHierarchy = "ForgettingHierarchy";
}
