namespace Orchestrator.Environment.Ports;

/// <summary>
/// An effect refused because the claim that asked for it is stale: the adapter already accepted a higher fencing token for
/// the same effect (a newer claim of the step took over). Not transient: retrying under the same claim cannot succeed.
/// </summary>
public sealed class StaleClaimException : EnvironmentException
{
    public StaleClaimException(string message)
        : base(message, transient: false)
    {
    }
}
