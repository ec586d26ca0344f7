using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

/// <summary>
/// The applied-effects ledger as one update of the world sees it: whether an effect (by its
/// <see cref="EffectKey"/>, kind, node and target) was applied, and the record of one just applied. What is recorded is
/// stored in the same transaction as the update's state change, or not at all.
/// </summary>
public interface IEffectLedger
{
    /// <summary>
    /// The highest fencing token accepted for this effect (key, kind, node and target; 0 when it was applied without a
    /// claim), or null when it was not applied or its record is no longer kept.
    /// </summary>
    long? AcceptedToken(EffectKey key, EffectKind kind, string node, string target);

    /// <summary>Raises the token remembered for an applied effect to <see cref="EffectKey.FencingToken"/> of <paramref name="key"/> (a replay under a newer claim).</summary>
    void Accept(EffectKey key, EffectKind kind, string node, string target);

    /// <summary>Remembers an effect applied by the current update.</summary>
    void Record(AppliedEffectRecord record);
}
