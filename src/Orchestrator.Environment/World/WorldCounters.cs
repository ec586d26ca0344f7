namespace Orchestrator.Environment.World;

/// <summary>
/// Every effect call, counted. <see cref="Applied"/> is keyed "{EffectKind}:{node}/{target}";
/// the others are keyed by <see cref="EffectKind"/> name.
/// </summary>
public sealed class WorldCounters
{
    /// <summary>Calls that changed the world, per "{EffectKind}:{node}/{target}".</summary>
    public Dictionary<string, long> Applied { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Every call, per kind (applied + no-op + replayed + failed).</summary>
    public Dictionary<string, long> Calls { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Calls whose key, kind and target had already been applied.</summary>
    public Dictionary<string, long> Replayed { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Calls that threw (down node, physics, injected faults).</summary>
    public Dictionary<string, long> Failed { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Calls that asked for a state that already held.</summary>
    public Dictionary<string, long> NoOps { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Invariant violations recorded, per invariant (<see cref="WorldInvariant"/> name).</summary>
    public Dictionary<string, long> Violations { get; set; } = new(StringComparer.Ordinal);

    public static string AppliedKey(EffectKind kind, string node, string target) => $"{kind}:{node}/{target}";

    public static void Increment(Dictionary<string, long> counter, string key) =>
        counter[key] = counter.GetValueOrDefault(key) + 1;

    public static void Increment(Dictionary<string, long> counter, EffectKind kind) => Increment(counter, kind.ToString());

    public WorldCounters Clone() => new()
    {
        Applied = new(Applied, StringComparer.Ordinal),
        Calls = new(Calls, StringComparer.Ordinal),
        Replayed = new(Replayed, StringComparer.Ordinal),
        Failed = new(Failed, StringComparer.Ordinal),
        NoOps = new(NoOps, StringComparer.Ordinal),
        Violations = new(Violations, StringComparer.Ordinal),
    };
}
