namespace Orchestrator.Environment.World;

/// <summary>
/// Every effect call, counted. <see cref="Applied"/> is keyed "{EffectKind}:{node}/{target}";
/// the others are keyed by <see cref="EffectKind"/> name. Backed by rows, each count is one row (family, key).
/// </summary>
public sealed class WorldCounters
{
    /// <summary>Calls that changed the world, per "{EffectKind}:{node}/{target}".</summary>
    public WorldTable<long> Applied { get; set; } = new();

    /// <summary>Every call, per kind (applied + no-op + replayed + failed + fenced).</summary>
    public WorldTable<long> Calls { get; set; } = new();

    /// <summary>Calls whose key, kind and target had already been applied.</summary>
    public WorldTable<long> Replayed { get; set; } = new();

    /// <summary>
    /// Replayed calls per "{EffectKind}:{node}/{target}" (keyed like <see cref="Applied"/>), so a test can tell which
    /// effect was asked again, and how often.
    /// </summary>
    public WorldTable<long> ReplayedKeys { get; set; } = new();

    /// <summary>Calls that threw (down node, physics, injected faults).</summary>
    public WorldTable<long> Failed { get; set; } = new();

    /// <summary>Calls refused because their claim's fencing token was lower than the one accepted for the effect (issue 12).</summary>
    public WorldTable<long> Fenced { get; set; } = new();

    /// <summary>Calls that asked for a state that already held.</summary>
    public WorldTable<long> NoOps { get; set; } = new();

    /// <summary>Invariant violations recorded, per invariant (<see cref="WorldInvariant"/> name).</summary>
    public WorldTable<long> Violations { get; set; } = new();

    public static string AppliedKey(EffectKind kind, string node, string target) => $"{kind}:{node}/{target}";

    public static void Increment(WorldTable<long> counter, string key)
    {
        ArgumentNullException.ThrowIfNull(counter);
        counter.Change(key, count => count + 1);
    }

    public static void Increment(WorldTable<long> counter, EffectKind kind) => Increment(counter, kind.ToString());

    /// <summary>Counts one replayed call, per kind and per "{EffectKind}:{node}/{target}".</summary>
    public void CountReplay(EffectKind kind, string node, string target)
    {
        Increment(Replayed, kind);
        Increment(ReplayedKeys, AppliedKey(kind, node, target));
    }

    /// <summary>The counter families by the name their rows are stored under.</summary>
    internal IEnumerable<(string Family, WorldTable<long> Counter)> Families() =>
    [
        (nameof(Applied), Applied), (nameof(Calls), Calls), (nameof(Replayed), Replayed),
        (nameof(ReplayedKeys), ReplayedKeys), (nameof(Failed), Failed), (nameof(NoOps), NoOps), (nameof(Violations), Violations), (nameof(Fenced), Fenced),
    ];

    public WorldCounters Clone() => new()
    {
        Applied = Applied.Clone(c => c),
        Calls = Calls.Clone(c => c),
        Replayed = Replayed.Clone(c => c),
        ReplayedKeys = ReplayedKeys.Clone(c => c),
        Failed = Failed.Clone(c => c),
        NoOps = NoOps.Clone(c => c),
        Violations = Violations.Clone(c => c),
        Fenced = Fenced.Clone(c => c),
    };
}
