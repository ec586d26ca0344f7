using System.Collections;
using System.Text.Json.Serialization;

namespace Orchestrator.Environment.World;

/// <summary>
/// One collection of the world (nodes, volumes, counters…) keyed by name, ignoring case, with the dictionary API the
/// world uses. In memory (the in-memory store, a deserialized document) it is a plain dictionary. Backed by rows
/// (<see cref="SqliteWorldStateStore"/>) it is lazy: a keyed lookup loads that one row, enumerating loads the whole
/// table (never on an effect's hot path), and the store writes back only the rows that were loaded and whose serialized
/// bytes changed, were added or were removed (<see cref="Changes"/>).
/// </summary>
[JsonConverter(typeof(WorldTableJsonConverterFactory))]
public sealed class WorldTable<TValue> : IEnumerable<KeyValuePair<string, TValue>>
{
    // Made on first use: an update builds every table of the world and touches a few.
    private Dictionary<string, TValue>? rowsMade;
    private Dictionary<string, string>? originalsMade;
    private HashSet<string>? absentMade;
    private HashSet<string>? removedMade;

    /// <summary>The stored indexed column of rows not loaded, as <see cref="All"/> read it (the stored rows do not change within an update).</summary>
    private Dictionary<string, string?>? storedIndexedMade;

    /// <summary>Keys whose value this update looked at (or set outright), as opposed to only changed through <see cref="Change"/>.</summary>
    private HashSet<string>? observedMade;
    private bool observedAll;

    private readonly IWorldRowSource<TValue>? source;
    private bool complete;

    /// <summary>An empty table in memory.</summary>
    public WorldTable()
    {
        complete = true;
    }

    internal WorldTable(IWorldRowSource<TValue> source)
    {
        this.source = source;
    }

    private Dictionary<string, TValue> rows => rowsMade ??= new(StringComparer.OrdinalIgnoreCase);

    private Dictionary<string, string> originals => originalsMade ??= new(StringComparer.OrdinalIgnoreCase);

    private HashSet<string> absent => absentMade ??= new(StringComparer.OrdinalIgnoreCase);

    private HashSet<string> removed => removedMade ??= new(StringComparer.OrdinalIgnoreCase);

    private Dictionary<string, string?> storedIndexed => storedIndexedMade ??= new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when rows back this table (false: in memory).</summary>
    internal bool IsRowBacked => source is not null;

    public TValue this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"'{key}' is not in the table");
        set
        {
            ArgumentNullException.ThrowIfNull(key);
            Observe(key);
            Set(key, value);
        }
    }

    public IEnumerable<TValue> Values
    {
        get
        {
            LoadAll();
            return rows.Values;
        }
    }

    public IEnumerable<string> Keys
    {
        get
        {
            LoadAll();
            return rows.Keys;
        }
    }

    public int Count
    {
        get
        {
            LoadAll();
            return rows.Count;
        }
    }

    public bool TryGetValue(string key, out TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        Observe(key);
        return TryGetValueUnobserved(key, out value);
    }

    /// <summary>
    /// Changes one row from its value alone (default when absent), such as a counter's increment: the value read for
    /// it is not counted as looked at (<see cref="Observed"/>), so a store may write the change as a delta without
    /// checking that value was still current when it committed.
    /// </summary>
    internal void Change(string key, Func<TValue?, TValue> change)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(change);
        Set(key, change(TryGetValueUnobserved(key, out var value) ? value : default));
    }

    /// <summary>True when this update looked at the row's value (or set it outright, or read the whole table), not only changed it through <see cref="Change"/>.</summary>
    internal bool Observed(string key) => observedAll || (observedMade?.Contains(key) ?? false);

    /// <summary>The row's bytes as stored when this update loaded it; null when it was not loaded or is not stored.</summary>
    internal string? StoredJson(string key) => originalsMade?.GetValueOrDefault(key);

    private void Observe(string key)
    {
        if (source is not null)
        {
            (observedMade ??= new(StringComparer.OrdinalIgnoreCase)).Add(key);
        }
    }

    private void Set(string key, TValue value)
    {
        if (!rows.ContainsKey(key) && source is not null && !complete && !absent.Contains(key))
        {
            // Keep the stored key's spelling and bytes, so an overwrite is compared with what is stored.
            TryLoad(key);
        }

        rows[key] = value;
        removed.Remove(key);
        absent.Remove(key);
    }

    private bool TryGetValueUnobserved(string key, out TValue value)
    {
        if (rows.TryGetValue(key, out value!))
        {
            return true;
        }

        if (complete || source is null || absent.Contains(key) || removed.Contains(key))
        {
            return false;
        }

        if (TryLoad(key))
        {
            value = rows[key];
            return true;
        }

        return false;
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public TValue? GetValueOrDefault(string key) => TryGetValue(key, out var value) ? value : default;

    public void Add(string key, TValue value)
    {
        if (ContainsKey(key))
        {
            throw new ArgumentException($"'{key}' is already in the table", nameof(key));
        }

        this[key] = value;
    }

    public bool TryAdd(string key, TValue value)
    {
        if (ContainsKey(key))
        {
            return false;
        }

        this[key] = value;
        return true;
    }

    public bool Remove(string key)
    {
        if (!TryGetValue(key, out _))
        {
            return false;
        }

        var stored = rows.Keys.First(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
        rows.Remove(stored);
        if (source is not null)
        {
            removed.Add(stored);
        }

        return true;
    }

    public void Clear()
    {
        foreach (var key in Keys.ToList())
        {
            Remove(key);
        }
    }

    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator()
    {
        LoadAll();
        return rows.GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// The values among those whose indexed column (see <see cref="IWorldRowSource{TValue}.KeysWhereIndexed"/>) is
    /// <paramref name="indexed"/> that match <paramref name="predicate"/> now: an indexed query plus the rows this
    /// update already holds (whose column may have changed since), without reading the whole table.
    /// </summary>
    internal IEnumerable<TValue> WhereIndexed(string indexed, Func<TValue, bool> predicate)
    {
        if (source is null || complete)
        {
            return rows.Values.Where(predicate).ToList();
        }

        var keys = source.KeysWhereIndexed(indexed).Concat(rows.Keys).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var found = new List<TValue>();
        foreach (var key in keys)
        {
            if (TryGetValue(key, out var value) && predicate(value))
            {
                found.Add(value);
            }
        }

        return found;
    }

    /// <summary>
    /// As <see cref="WhereIndexed"/>, loading the rows one by one as the values are enumerated: a caller that needs only
    /// the first match (a name's canonical spelling) reads up to it, not every row indexed under <paramref name="indexed"/>.
    /// </summary>
    internal IEnumerable<TValue> WhereIndexedLazily(string indexed, Func<TValue, bool> predicate)
    {
        if (source is null || complete)
        {
            foreach (var value in rows.Values.Where(predicate).ToList())
            {
                yield return value;
            }

            yield break;
        }

        var keys = source.KeysWhereIndexed(indexed).Concat(rows.Keys).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var key in keys)
        {
            if (TryGetValue(key, out var value) && predicate(value))
            {
                yield return value;
            }
        }
    }

    /// <summary>
    /// True when every one of <paramref name="keys"/> names a row that matches <paramref name="predicate"/>. A row this
    /// update holds is judged by the predicate; one it does not hold by its stored indexed column, which the store writes
    /// from the same predicate (<paramref name="matching"/> when it matched, anything else when it did not), in one
    /// query for all of them; only a row whose column is empty (written before it was kept) is read and judged.
    /// </summary>
    internal bool All(IReadOnlyList<string> keys, Func<TValue, bool> predicate, string matching)
    {
        var unheld = new List<string>();
        foreach (var key in keys)
        {
            if (rows.TryGetValue(key, out var held))
            {
                if (!predicate(held))
                {
                    return false;
                }
            }
            else if (source is null || complete || absent.Contains(key) || removed.Contains(key))
            {
                return false;
            }
            else
            {
                unheld.Add(key);
            }
        }

        if (unheld.Count == 0)
        {
            return true;
        }

        var missing = unheld.Where(k => !storedIndexed.ContainsKey(k)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (missing.Count > 0)
        {
            foreach (var (key, indexed) in source!.IndexedOf(missing))
            {
                storedIndexed[key] = indexed;
            }

            absent.UnionWith(missing.Where(k => !storedIndexed.ContainsKey(k)));
        }

        var unknown = new List<string>();
        foreach (var key in unheld)
        {
            if (absent.Contains(key))
            {
                return false;
            }

            var indexed = storedIndexed[key];
            if (indexed is null)
            {
                unknown.Add(key);
            }
            else if (!string.Equals(indexed, matching, StringComparison.Ordinal))
            {
                return false;
            }
        }

        Preload(unknown);
        return unknown.All(k => TryGetValue(k, out var value) && predicate(value));
    }

    /// <summary>Loads the rows of <paramref name="keys"/> not held yet in one query (a hierarchy's services on a node) and returns this table.</summary>
    internal WorldTable<TValue> Preload(IEnumerable<string> keys)
    {
        if (source is null || complete)
        {
            return this;
        }

        var missing = keys.Where(k => !rows.ContainsKey(k) && !absent.Contains(k) && !removed.Contains(k))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (missing.Count < 2)
        {
            return this;
        }

        foreach (var row in source.LoadMany(missing))
        {
            rows[row.Key] = row.Value;
            originals[row.Key] = row.Json;
        }

        absent.UnionWith(missing.Where(k => !rows.ContainsKey(k)));
        return this;
    }

    /// <summary>A deep copy in memory.</summary>
    public WorldTable<TValue> Clone(Func<TValue, TValue> copy)
    {
        ArgumentNullException.ThrowIfNull(copy);
        var clone = new WorldTable<TValue>();
        foreach (var (key, value) in this)
        {
            clone.rows[key] = copy(value);
        }

        return clone;
    }

    /// <summary>
    /// What an update changed: every held row whose serialization differs from the stored bytes (or that is new), with
    /// its bytes, and every stored row removed.
    /// </summary>
    internal (List<(string Key, TValue Value, string Json)> Upserts, List<string> Deletes) Changes(Func<TValue, string> serialize)
    {
        var upserts = new List<(string, TValue, string)>();
        if (rowsMade is null && removedMade is null)
        {
            return (upserts, []);
        }

        foreach (var (key, value) in rows)
        {
            var json = serialize(value);
            if (!originals.TryGetValue(key, out var stored) || !string.Equals(stored, json, StringComparison.Ordinal))
            {
                upserts.Add((key, value, json));
            }
        }

        return (upserts, [.. removed.Where(k => originals.ContainsKey(k))]);
    }

    /// <summary>The rows this update holds (loaded or added), without loading anything.</summary>
    internal IEnumerable<KeyValuePair<string, TValue>> Held => (IEnumerable<KeyValuePair<string, TValue>>?)rowsMade ?? [];

    private bool TryLoad(string key)
    {
        var loaded = source!.Load(key);
        if (loaded is not { } row)
        {
            absent.Add(key);
            return false;
        }

        rows[row.Key] = row.Value;
        originals[row.Key] = row.Json;
        return true;
    }

    private void LoadAll()
    {
        observedAll = source is not null;
        if (complete)
        {
            return;
        }

        foreach (var row in source!.LoadAll())
        {
            if (rows.ContainsKey(row.Key) || removed.Contains(row.Key))
            {
                continue;
            }

            rows[row.Key] = row.Value;
            originals[row.Key] = row.Json;
        }

        complete = true;
    }
}
