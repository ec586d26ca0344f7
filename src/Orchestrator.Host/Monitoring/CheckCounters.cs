namespace Orchestrator.Host.Monitoring;

/// <summary>Consecutive failed checks per subject (e.g. "exch1/node", "exch1/service MSExchangeIS"), and since when a node is healthy.</summary>
public sealed class CheckCounters
{
    private readonly Dictionary<string, int> _failures = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DateTimeOffset> _healthySince = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>No subject has a failed check counted: passing one changes nothing.</summary>
    public bool IsEmpty => _failures.Count == 0;

    public int Fail(string subject) => _failures[subject] = _failures.GetValueOrDefault(subject) + 1;

    public void Pass(string subject) => _failures.Remove(subject);

    public void Reset(string prefix)
    {
        if (_failures.Count == 0)
        {
            return;
        }

        foreach (var key in _failures.Keys.Where(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            _failures.Remove(key);
        }
    }

    public DateTimeOffset? HealthySince(string node, bool up, DateTimeOffset now)
    {
        if (!up)
        {
            _healthySince.Remove(node);
            return null;
        }

        if (!_healthySince.TryGetValue(node, out var since))
        {
            _healthySince[node] = since = now;
        }

        return since;
    }
}
