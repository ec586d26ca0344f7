namespace Orchestrator.Environment.World;

/// <summary>Where a row-backed <see cref="WorldTable{TValue}"/> loads its rows from (inside one update's transaction).</summary>
internal interface IWorldRowSource<TValue>
{
    /// <summary>The row stored under <paramref name="key"/> (ignoring case), with its stored key and bytes; null when there is none.</summary>
    (string Key, TValue Value, string Json)? Load(string key);

    /// <summary>The rows stored under any of <paramref name="keys"/> (ignoring case), in one query.</summary>
    IEnumerable<(string Key, TValue Value, string Json)> LoadMany(IReadOnlyList<string> keys);

    /// <summary>Every row of the table.</summary>
    IEnumerable<(string Key, TValue Value, string Json)> LoadAll();

    /// <summary>The stored keys among <paramref name="keys"/> with their indexed column (null when the row has none), without reading the rows.</summary>
    IEnumerable<(string Key, string? Indexed)> IndexedOf(IReadOnlyList<string> keys);

    /// <summary>The keys of the rows whose indexed column (a volume's node, an address's owner…) is <paramref name="indexed"/>.</summary>
    IEnumerable<string> KeysWhereIndexed(string indexed);
}
