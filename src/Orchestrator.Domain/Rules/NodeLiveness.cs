namespace Orchestrator.Domain.Rules;

/// <summary>What the monitor may conclude about a node from one round's observation (<see cref="NodeLivenessRule"/>).</summary>
public enum NodeLiveness
{
    /// <summary>A live peer reaches it over a communication path, or (with no such evidence) it answered the orchestrator's probe.</summary>
    Alive,

    /// <summary>Every path from a live peer is down, or (with no such evidence) it did not answer the orchestrator's probe: a failure.</summary>
    Unreachable,

    /// <summary>No evidence either way (the probe could not answer): never a reason to fail over, fence or block.</summary>
    Unknown,
}
