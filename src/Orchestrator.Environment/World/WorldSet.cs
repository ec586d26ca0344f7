using System.Collections;
using System.Text.Json.Serialization;

namespace Orchestrator.Environment.World;

/// <summary>
/// A set of names of the world (a node's shares), ignoring case, with the set API the world uses. In memory it is a
/// plain set; backed by rows it is a <see cref="WorldTable{TValue}"/> of flags, one row per name scoped by its owner
/// (a node's shares: world_shares), so adding or removing a name writes that one row and a lookup reads that one row,
/// never the owner's row. Its JSON form is an array of names.
/// </summary>
[JsonConverter(typeof(WorldSetJsonConverter))]
public sealed class WorldSet : IReadOnlySet<string>
{
    /// <summary>An empty set in memory.</summary>
    public WorldSet()
        : this(new WorldTable<bool>())
    {
    }

    internal WorldSet(WorldTable<bool> rows)
    {
        Rows = rows;
    }

    /// <summary>The rows behind the set: one flag per name.</summary>
    internal WorldTable<bool> Rows { get; }

    /// <summary>True when rows back this set (false: in memory).</summary>
    internal bool IsRowBacked => Rows.IsRowBacked;

    public int Count => Rows.Count;

    public bool Contains(string item) => Rows.ContainsKey(item);

    /// <summary>Adds the name; false when the set already holds it (in any case).</summary>
    public bool Add(string name) => Rows.TryAdd(name, true);

    /// <summary>Removes the name; false when the set did not hold it.</summary>
    public bool Remove(string name) => Rows.Remove(name);

    public void Clear() => Rows.Clear();

    public void UnionWith(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            Add(name);
        }
    }

    /// <summary>A copy in memory.</summary>
    public WorldSet Clone()
    {
        var copy = new WorldSet();
        copy.UnionWith(this);
        return copy;
    }

    public IEnumerator<string> GetEnumerator() => Rows.Keys.ToList().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool IsProperSubsetOf(IEnumerable<string> other) => AsSet().IsProperSubsetOf(other);

    public bool IsProperSupersetOf(IEnumerable<string> other) => AsSet().IsProperSupersetOf(other);

    public bool IsSubsetOf(IEnumerable<string> other) => AsSet().IsSubsetOf(other);

    public bool IsSupersetOf(IEnumerable<string> other) => AsSet().IsSupersetOf(other);

    public bool Overlaps(IEnumerable<string> other) => AsSet().Overlaps(other);

    public bool SetEquals(IEnumerable<string> other) => AsSet().SetEquals(other);

    private HashSet<string> AsSet() => new(this, StringComparer.OrdinalIgnoreCase);
}
