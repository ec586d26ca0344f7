namespace Orchestrator.Environment.World;

/// <summary>Injected faults (failed services, failed user moves, fail-next rules), latencies and start delays.</summary>
public sealed class WorldFaults
{
    /// <summary>"{node}/{service}" pairs whose start attempts fail.</summary>
    public HashSet<string> FailedServices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public List<FailNextRule> FailNext { get; set; } = [];

    /// <summary>S22: users every move of which fails.</summary>
    public HashSet<string> FailedUserMoves { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Latency per <see cref="EffectKind"/> name, waited before each call of that kind is applied.</summary>
    public Dictionary<string, TimeSpan> Latencies { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Start delay per service name: a start leaves the service Starting for that long.</summary>
    public Dictionary<string, TimeSpan> StartDelays { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public static string ServiceKey(string node, string service) => $"{node}/{service}";

    public TimeSpan LatencyOf(EffectKind kind) => Latencies.GetValueOrDefault(kind.ToString());

    public TimeSpan StartDelayOf(string service) => StartDelays.GetValueOrDefault(service);

    /// <summary>Consumes one matching fail-next rule; true when the call must fail.</summary>
    public bool TryConsumeFailNext(EffectKind kind, string node, string target)
    {
        var rule = FailNext.FirstOrDefault(r => r.Matches(kind, node, target));
        if (rule is null)
        {
            return false;
        }

        rule.Remaining--;
        if (rule.Remaining <= 0)
        {
            FailNext.Remove(rule);
        }

        return true;
    }

    public void Clear()
    {
        FailedServices.Clear();
        FailNext.Clear();
        FailedUserMoves.Clear();
        Latencies.Clear();
        StartDelays.Clear();
    }

    public WorldFaults Clone() => new()
    {
        FailedServices = new(FailedServices, StringComparer.OrdinalIgnoreCase),
        FailNext = [.. FailNext.Select(r => r.Clone())],
        FailedUserMoves = new(FailedUserMoves, StringComparer.OrdinalIgnoreCase),
        Latencies = new(Latencies, StringComparer.Ordinal),
        StartDelays = new(StartDelays, StringComparer.OrdinalIgnoreCase),
    };
}
