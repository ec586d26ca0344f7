using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

/// <summary>
/// The applied-effects ledger as one update of the world sees it: whether an effect (by its
/// <see cref="EffectKey"/>, kind, node and target) was applied, and the record of one just applied. What is recorded is
/// stored in the same transaction as the update's state change, or not at all.
/// </summary>
public interface IEffectLedger
{
    /// <summary>True when this effect (key, kind, node and target) was applied and its record is still kept.</summary>
    bool Contains(EffectKey key, EffectKind kind, string node, string target);

    /// <summary>Remembers an effect applied by the current update.</summary>
    void Record(AppliedEffectRecord record);
}
