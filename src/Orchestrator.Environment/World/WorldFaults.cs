namespace Orchestrator.Environment.World;

/// <summary>
/// Injected faults (failed services, failed user moves, fail-next rules, failing verifications), latencies, start
/// delays and the time a partial resync of a mirror takes.
/// </summary>
public sealed class WorldFaults
{
    /// <summary>How long a partial resync takes unless <see cref="ResyncTime"/> is set.</summary>
    public static readonly TimeSpan DefaultResyncTime = TimeSpan.FromSeconds(2);

    /// <summary>"{node}/{service}" pairs whose start attempts fail.</summary>
    public HashSet<string> FailedServices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public List<FailNextRule> FailNext { get; set; } = [];

    /// <summary>S22: users every move of which fails.</summary>
    public HashSet<string> FailedUserMoves { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Latency per <see cref="EffectKind"/> name, waited before each call of that kind is applied.</summary>
    public Dictionary<string, TimeSpan> Latencies { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Start delay per service name: a start leaves the service Starting for that long.</summary>
    public Dictionary<string, TimeSpan> StartDelays { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>S29: node → how many more verifications of it fail (-1: every one, until the faults are cleared).</summary>
    public Dictionary<string, int> FailVerify { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>S27: how long the partial resync a resume starts takes to reach Mirroring. A setting, not a fault: <see cref="Clear"/> keeps it.</summary>
    public TimeSpan ResyncTime { get; set; } = DefaultResyncTime;

    public static string ServiceKey(string node, string service) => $"{node}/{service}";

    /// <summary>
    /// Issue 12: the latency that stands for a hung call (`world hang KIND`): a call of that kind never returns and
    /// ignores its cancellation token, as a call into an agent that never answers does; nothing is applied or counted.
    /// </summary>
    public static readonly TimeSpan Hang = TimeSpan.MaxValue;

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

    /// <summary>Consumes one failing verification of the node; true when this verification must fail.</summary>
    public bool TryConsumeFailVerify(string node)
    {
        if (!FailVerify.TryGetValue(node, out var remaining))
        {
            return false;
        }

        if (remaining == 1)
        {
            FailVerify.Remove(node);
        }
        else if (remaining > 1)
        {
            FailVerify[node] = remaining - 1;
        }

        return true;
    }

    /// <summary>Removes every fault, latency and start delay; the resync time stays.</summary>
    public void Clear()
    {
        FailedServices.Clear();
        FailNext.Clear();
        FailedUserMoves.Clear();
        Latencies.Clear();
        StartDelays.Clear();
        FailVerify.Clear();
    }

    public WorldFaults Clone() => new()
    {
        FailedServices = new(FailedServices, StringComparer.OrdinalIgnoreCase),
        FailNext = [.. FailNext.Select(r => r.Clone())],
        FailedUserMoves = new(FailedUserMoves, StringComparer.OrdinalIgnoreCase),
        Latencies = new(Latencies, StringComparer.Ordinal),
        StartDelays = new(StartDelays, StringComparer.OrdinalIgnoreCase),
        FailVerify = new(FailVerify, StringComparer.OrdinalIgnoreCase),
        ResyncTime = ResyncTime,
    };
}
