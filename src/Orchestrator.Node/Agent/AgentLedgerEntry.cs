namespace Orchestrator.Node.Agent;

/// <summary>One effect key in the agent's ledger: the resource, how many times it was applied (at most 1) and replayed.</summary>
public sealed record AgentLedgerEntry(string EffectKey, string Kind, string Resource, string Verb, long FencingToken, int Applied, int Replays, DateTimeOffset AppliedAt)
{
    /// <summary>How many times a stale fencing token was refused for this effect (answered <see cref="AgentOutcome.Stale"/>, nothing run).</summary>
    public int Refusals { get; init; }
}
