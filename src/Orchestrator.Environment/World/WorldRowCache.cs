namespace Orchestrator.Environment.World;

/// <summary>
/// The rows of the world's tables (and the faults row) that the kept write connection read or wrote in earlier updates,
/// with their stored key, bytes and indexed column, and the keys known to be absent; used only while
/// <c>PRAGMA data_version</c>, read at the start of each update inside its transaction, says that no other connection
/// (of this process or another) committed to the file since the last update (<see cref="Begin"/>): any other writer's
/// commit empties it. An update's own writes enter it only once its commit returned (<see cref="Committed"/>); a failed
/// update empties it. Keys compare as SQLite's NOCASE does (ASCII letters only).
/// </summary>
internal sealed class WorldRowCache
{
    /// <summary>Past this many rows the cache starts again (a bound, not a policy: a world has far fewer).</summary>
    private const int MaxRows = 100_000;

    private readonly Dictionary<RowKey, CachedRow?> rows = new(RowKey.Comparer);
    private readonly Dictionary<string, List<string>> hierarchiesByMember = new(StringComparer.Ordinal);
    private readonly List<(RowKey Key, CachedRow? Row)> staged = [];
    private bool clearOnCommit;
    private bool faultsWritten;
    private long? version;

    /// <summary>The faults as last loaded or saved by this connection; null when unknown.</summary>
    public WorldFaultTables.Stored? Faults { get; set; }

    /// <summary>Starts an update: keeps what is cached only when no other connection committed since the last one.</summary>
    public void Begin(WorldCommands commands)
    {
        var current = (long?)commands.Scalar("PRAGMA data_version;");
        if (current != version || rows.Count > MaxRows)
        {
            Clear();
            version = current;
        }

        staged.Clear();
        clearOnCommit = false;
        faultsWritten = false;
    }

    /// <summary>The update committed: its writes are now what the file holds.</summary>
    public void Committed()
    {
        if (clearOnCommit)
        {
            var keep = version;
            Clear();
            version = keep;
            return;
        }

        foreach (var (key, row) in staged)
        {
            rows[key] = row;
        }

        staged.Clear();
        if (faultsWritten)
        {
            Faults = null;
        }
    }

    /// <summary>Forgets everything (a failed update, another writer's commit).</summary>
    public void Clear()
    {
        rows.Clear();
        hierarchiesByMember.Clear();
        staged.Clear();
        Faults = null;
        version = null;
        clearOnCommit = false;
    }

    /// <summary>True when the row's state is known: <paramref name="row"/> is null when the row is known to be absent.</summary>
    public bool TryGet(string table, string scope, string key, out CachedRow? row)
    {
        return rows.TryGetValue(new RowKey(table, scope, key), out row);
    }

    /// <summary>Remembers a row as read in this update (null: absent); a fuller entry is not replaced by one without bytes.</summary>
    public void Read(string table, string scope, string key, CachedRow? row)
    {
        var rowKey = new RowKey(table, scope, key);
        if (row is { Json: null } && rows.TryGetValue(rowKey, out var known) && known is { Json: not null })
        {
            return;
        }

        rows[rowKey] = row;
    }

    /// <summary>A row this update writes (null: deleted), remembered once it commits.</summary>
    public void Wrote(string table, string scope, string key, CachedRow? row) => staged.Add((new RowKey(table, scope, key), row));

    /// <summary>This update wrote rows it cannot name one by one (a node's services, a hierarchy's members): start again after its commit.</summary>
    public void WroteMany() => clearOnCommit = true;

    /// <summary>This update saved faults: they are read again after its commit.</summary>
    public void WroteFaults() => faultsWritten = true;

    /// <summary>The hierarchies indexed under a member key, as read in an earlier update.</summary>
    public bool TryGetHierarchies(string member, out List<string> hierarchies)
    {
        return hierarchiesByMember.TryGetValue(member, out hierarchies!);
    }

    public void ReadHierarchies(string member, List<string> hierarchies) => hierarchiesByMember[member] = hierarchies;

    /// <summary>A row as stored: its key's spelling, its JSON (null when only the indexed column was read) and its indexed column.</summary>
    public sealed record CachedRow(string Key, string? Json, string? Indexed);

    private readonly record struct RowKey(string Table, string Scope, string Key)
    {
        public static IEqualityComparer<RowKey> Comparer { get; } = new NoCaseComparer();

        private sealed class NoCaseComparer : IEqualityComparer<RowKey>
        {
            public bool Equals(RowKey x, RowKey y) =>
                string.Equals(x.Table, y.Table, StringComparison.Ordinal) && NoCase(x.Scope, y.Scope) && NoCase(x.Key, y.Key);

            public int GetHashCode(RowKey obj) => HashCode.Combine(obj.Table, Hash(obj.Scope), Hash(obj.Key));

            private static bool NoCase(string a, string b)
            {
                if (a.Length != b.Length)
                {
                    return false;
                }

                for (var i = 0; i < a.Length; i++)
                {
                    if (Fold(a[i]) != Fold(b[i]))
                    {
                        return false;
                    }
                }

                return true;
            }

            private static int Hash(string s)
            {
                var hash = new HashCode();
                foreach (var c in s)
                {
                    hash.Add(Fold(c));
                }

                return hash.ToHashCode();
            }

            private static char Fold(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
        }
    }
}
