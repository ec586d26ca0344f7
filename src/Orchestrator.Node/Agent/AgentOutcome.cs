namespace Orchestrator.Node.Agent;

/// <summary>How the agent answered an action.</summary>
public enum AgentOutcome
{
    /// <summary>Run now (start/stop: the first time for this effect key; monitor and meta-data: always).</summary>
    Applied,

    /// <summary>This effect key was applied before: nothing run again, counted as a replay.</summary>
    Replayed,

    /// <summary>The fencing token is lower than one the agent accepted for this resource: refused, nothing run (HTTP 409).</summary>
    Stale,

    /// <summary>Run, and the resource answered an error (see the exit code and message).</summary>
    Failed,
}
