namespace Orchestrator.Host.Monitoring;

/// <summary>
/// Episodes of "unknown" per subject (e.g. "exch1/check", "exch1/liveness of node1"): an episode begins the first
/// time a subject cannot be judged and ends when it is judged again, so the journal says "unknown" once per episode,
/// not every round.
/// </summary>
public sealed class UnknownEpisodes
{
    private readonly HashSet<string> _open = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when this begins a new episode (say so); false while the subject has been unknown since an earlier round.</summary>
    public bool Begin(string subject) => _open.Add(subject);

    /// <summary>No episode is open: ending one changes nothing.</summary>
    public bool IsEmpty => _open.Count == 0;

    public void End(string subject) => _open.Remove(subject);

    /// <summary>Ends every episode whose subject starts with <paramref name="prefix"/>.</summary>
    public void EndAll(string prefix)
    {
        if (_open.Count > 0)
        {
            _open.RemoveWhere(s => s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
        }
    }
}
