namespace Orchestrator.Environment.World;

/// <summary>An injected fault: the next <see cref="Remaining"/> calls of <see cref="Kind"/> (matching <see cref="Target"/> when set) fail.</summary>
public sealed class FailNextRule
{
    public EffectKind Kind { get; set; }

    /// <summary>Matches the call's target ("E", "MSExchangeIS", "A exch1.contoso.com") or "{node}/{target}"; null matches any.</summary>
    public string? Target { get; set; }

    public int Remaining { get; set; }

    public bool Matches(EffectKind kind, string node, string target) =>
        Remaining > 0
        && Kind == kind
        && (Target is null
            || string.Equals(Target, target, StringComparison.OrdinalIgnoreCase)
            || string.Equals(Target, $"{node}/{target}", StringComparison.OrdinalIgnoreCase));

    public FailNextRule Clone() => new() { Kind = Kind, Target = Target, Remaining = Remaining };
}
