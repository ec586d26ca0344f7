namespace Orchestrator.Domain.Rules;

/// <summary>What a failover decision says to do.</summary>
public enum FailoverDecisionKind
{
    /// <summary>Move the hierarchy to the chosen node.</summary>
    Chosen,

    /// <summary>No node may take it yet, but a condition that clears by itself blocks it (e.g. a full resync, S28).</summary>
    Wait,

    /// <summary>No node can take it: an operator is needed.</summary>
    Refused,

    /// <summary>Anti-flapping: the only nodes left failed under it recently; the block ends with its period or an operator's ack.</summary>
    Blocked,
}
