namespace Orchestrator.Environment.Ports;

/// <summary>
/// The idempotency key of one effect: procedure id, step sequence and generation, plus the fencing token of the claim
/// that asks for it. An adapter that has already applied an effect with this key does nothing the second time; one that
/// accepted a higher token for it refuses a lower one as stale (<see cref="StaleClaimException"/>).
/// </summary>
/// <param name="FencingToken">The claim's token; 0 when the effect is not issued by a claim (monitor recovery, apply's start modes): never fenced.</param>
public sealed record EffectKey(long ProcedureId, int Step, int Generation, long FencingToken = 0)
{
    /// <summary>The effect's identity, without the token: a retry under a newer claim is the same effect.</summary>
    public override string ToString() => $"{ProcedureId}:{Step}:{Generation}";
}
