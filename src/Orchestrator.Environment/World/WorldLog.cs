using System.Collections;
using System.Text.Json.Serialization;

namespace Orchestrator.Environment.World;

/// <summary>
/// An append-only list of the world (invariant violations, outages), in the order entries were added. In memory it
/// is a list. Backed by rows, adding appends a row, the newest entry of a group (a hierarchy's last outage) is found by
/// an indexed query, and enumerating reads every row (never on an effect's hot path).
/// </summary>
[JsonConverter(typeof(WorldLogJsonConverterFactory))]
public sealed class WorldLog<TEntry> : IEnumerable<TEntry>
{
    private readonly List<TEntry> entries = [];
    private readonly List<(long Id, TEntry Entry, string Json)> loaded = [];
    private readonly IWorldLogSource<TEntry>? source;

    /// <summary>An empty log in memory.</summary>
    public WorldLog()
    {
    }

    internal WorldLog(IWorldLogSource<TEntry> source)
    {
        this.source = source;
    }

    public void Add(TEntry entry) => entries.Add(entry);

    /// <summary>The newest entry of <paramref name="group"/> (by the log's group column, e.g. an outage's hierarchy), or default.</summary>
    public TEntry? Latest(string group, Func<TEntry, string> groupOf)
    {
        ArgumentNullException.ThrowIfNull(groupOf);
        var match = entries.LastOrDefault(e => string.Equals(groupOf(e), group, StringComparison.OrdinalIgnoreCase));
        if (match is not null || source is null)
        {
            return match;
        }

        var held = loaded.FirstOrDefault(l => string.Equals(groupOf(l.Entry), group, StringComparison.OrdinalIgnoreCase));
        if (held.Entry is not null)
        {
            return held.Entry;
        }

        if (source.Latest(group) is { } row)
        {
            loaded.Add(row);
            return row.Entry;
        }

        return default;
    }

    public IEnumerator<TEntry> GetEnumerator()
    {
        var stored = source is null ? [] : source.LoadAll().Select(r => loaded.FirstOrDefault(l => l.Id == r.Id).Entry ?? r.Entry);
        return stored.Concat(entries).ToList().GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The entries this update added, and the stored entries it changed (by id) with their new bytes.</summary>
    internal (IReadOnlyList<TEntry> Added, List<(long Id, TEntry Entry, string Json)> Updated) Changes(Func<TEntry, string> serialize) =>
        (entries, [.. loaded
            .Select(l => (l.Id, l.Entry, Json: serialize(l.Entry)))
            .Where((l, i) => !string.Equals(l.Json, loaded[i].Json, StringComparison.Ordinal))]);
}
