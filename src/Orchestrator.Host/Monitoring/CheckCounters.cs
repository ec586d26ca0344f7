using Orchestrator.Storage.Leadership;

namespace Orchestrator.Host.Monitoring;

/// <summary>
/// Consecutive failed checks per subject (e.g. "exch1/node", "exch1/service MSExchangeIS"), and since when a node is healthy.
/// Issue 13: what changed since the last <see cref="TakeChanges"/> is kept, so the monitor stores only the counters that
/// changed (a quiet round changes none) and a new leader <see cref="Load"/>s them.
/// </summary>
public sealed class CheckCounters
{
    private readonly Dictionary<string, int> _failures = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DateTimeOffset> _healthySince = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _changed = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>No subject has a failed check counted: passing one changes nothing.</summary>
    public bool IsEmpty => _failures.Count == 0;

    public int Fail(string subject)
    {
        _changed.Add(subject);
        return _failures[subject] = _failures.GetValueOrDefault(subject) + 1;
    }

    public void Pass(string subject)
    {
        if (_failures.Remove(subject))
        {
            _changed.Add(subject);
        }
    }

    public void Reset(string prefix)
    {
        if (_failures.Count == 0)
        {
            return;
        }

        foreach (var key in _failures.Keys.Where(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            _failures.Remove(key);
            _changed.Add(key);
        }
    }

    public DateTimeOffset? HealthySince(string node, bool up, DateTimeOffset now)
    {
        if (!up)
        {
            if (_healthySince.Remove(node))
            {
                _changed.Add(node);
            }

            return null;
        }

        if (!_healthySince.TryGetValue(node, out var since))
        {
            _healthySince[node] = since = now;
            _changed.Add(node);
        }

        return since;
    }

    /// <summary>The counters changed since the last call, as they are now (neither value: gone); none after a quiet round.</summary>
    public IReadOnlyList<MonitorCounter> TakeChanges()
    {
        if (_changed.Count == 0)
        {
            return [];
        }

        var changes = _changed.Select(s => new MonitorCounter(
            s, _failures.TryGetValue(s, out var f) ? f : null, _healthySince.TryGetValue(s, out var h) ? h : null)).ToList();
        _changed.Clear();
        return changes;
    }

    /// <summary>Gives changes that could not be stored back, to be stored with the next ones.</summary>
    public void Unsaved(IEnumerable<MonitorCounter> changes)
    {
        foreach (var change in changes)
        {
            _changed.Add(change.Subject);
        }
    }

    /// <summary>Replaces every counter with the stored ones (a new term: the previous leader's counts go on).</summary>
    public void Load(IEnumerable<MonitorCounter> stored)
    {
        _failures.Clear();
        _healthySince.Clear();
        _changed.Clear();
        foreach (var counter in stored)
        {
            if (counter.Failures is { } failures)
            {
                _failures[counter.Subject] = failures;
            }

            if (counter.HealthySince is { } since)
            {
                _healthySince[counter.Subject] = since;
            }
        }
    }
}
