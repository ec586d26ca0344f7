using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

/// <summary>The ledger inside the state object itself (<see cref="WorldState.AppliedEffects"/>): the in-memory store's ledger.</summary>
internal sealed class DocumentEffectLedger(WorldState state) : IEffectLedger
{
    public bool Contains(EffectKey key, EffectKind kind, string node, string target) =>
        state.AppliedEffects.ContainsKey(AppliedEffectRecord.LedgerKey(key, kind, node, target));

    public void Record(AppliedEffectRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        state.AppliedEffects[record.LedgerKey()] = record;
    }
}
