using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

/// <summary>The ledger inside the state object itself (<see cref="WorldState.AppliedEffects"/>): the in-memory store's ledger.</summary>
internal sealed class DocumentEffectLedger(WorldState state) : IEffectLedger
{
    public long? AcceptedToken(EffectKey key, EffectKind kind, string node, string target) =>
        state.AppliedEffects.TryGetValue(AppliedEffectRecord.LedgerKey(key, kind, node, target), out var record) ? record.FencingToken : null;

    public void Accept(EffectKey key, EffectKind kind, string node, string target)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (state.AppliedEffects.TryGetValue(AppliedEffectRecord.LedgerKey(key, kind, node, target), out var record))
        {
            record.FencingToken = StaleClaimRule.Accepted(key.FencingToken, record.FencingToken);
        }
    }

    public void Record(AppliedEffectRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        state.AppliedEffects[record.LedgerKey()] = record;
    }
}
