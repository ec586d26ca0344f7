using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

/// <summary>What one effect call did to the world: applied, no-op (state already held) or rejected with an exception.</summary>
internal readonly record struct EffectOutcome<T>(EffectOutcomeKind Kind, T Value, Exception? Error)
{
    public static EffectOutcome<T> Applied(T value) => new(EffectOutcomeKind.Applied, value, null);

    public static EffectOutcome<T> NoOp(T value) => new(EffectOutcomeKind.NoOp, value, null);

    public static EffectOutcome<T> Replayed(T value) => new(EffectOutcomeKind.Replayed, value, null);

    public static EffectOutcome<T> Rejected(Exception error) => new(EffectOutcomeKind.Rejected, default!, error);

    /// <summary>Refused as a stale claim's (issue 12): nothing changed, counted apart from the failures.</summary>
    public static EffectOutcome<T> Fenced(StaleClaimException error) => new(EffectOutcomeKind.Fenced, default!, error);
}
