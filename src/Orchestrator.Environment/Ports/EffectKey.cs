namespace Orchestrator.Environment.Ports;

/// <summary>
/// The idempotency key of one effect: procedure id, step sequence and generation.
/// An adapter that has already applied an effect with this key does nothing the second time.
/// </summary>
public sealed record EffectKey(long ProcedureId, int Step, int Generation)
{
    public override string ToString() => $"{ProcedureId}:{Step}:{Generation}";
}
