namespace Orchestrator.Node;

/// <summary>What one action of a resource answered: its OCF exit code and a one-line message (never a secret).</summary>
public sealed record ResourceResult(OcfExit Exit, string Message)
{
    public bool Succeeded => Exit == OcfExit.Success;
}
