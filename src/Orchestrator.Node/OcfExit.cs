namespace Orchestrator.Node;

/// <summary>
/// The exit codes of the OCF resource-agent convention (ClusterLabs' resource-agents, Pacemaker): what every resource
/// kind answers, built-in or script.
/// </summary>
public enum OcfExit
{
    Success = 0,
    GenericError = 1,
    InvalidArgument = 2,
    Unimplemented = 3,
    InsufficientPrivilege = 4,
    NotInstalled = 5,
    NotConfigured = 6,

    /// <summary>Monitor: the resource is cleanly stopped (not an error for a stopped resource).</summary>
    NotRunning = 7,
}
