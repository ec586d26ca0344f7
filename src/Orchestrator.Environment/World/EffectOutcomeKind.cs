namespace Orchestrator.Environment.World;

internal enum EffectOutcomeKind
{
    Applied,
    NoOp,
    Replayed,
    Rejected,
    Fenced,
}
