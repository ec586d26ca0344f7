namespace Orchestrator.Node.Agent;

/// <summary>
/// One action asked of a node's agent. Start and stop carry the effect key of the step that asks
/// (<c>procedure:step:generation</c>, as <c>EffectKey.ToString()</c>) and its claim's fencing token (0: not issued by a
/// claim, never stale); monitor and meta-data carry neither and are not recorded in the ledger.
/// </summary>
public sealed record AgentActionRequest(
    string? EffectKey,
    long FencingToken,
    ResourceSpec Resource,
    ResourceVerb Verb,
    int TimeoutSeconds);
