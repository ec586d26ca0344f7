using Orchestrator.Environment.World;

namespace Orchestrator.Environment.PostgreSql;

/// <summary>
/// The world's rows in PostgreSQL's schema <c>world</c> as one update (or one read) sees them, inside its transaction:
/// the same tables and the same rules as <see cref="SqliteWorldRows"/> (a row loaded when it is looked up, only what
/// changed written back by <see cref="Flush"/>, hierarchies indexed by their members in world_hierarchy_members), with
/// names compared through lower(...) where SQLite uses COLLATE NOCASE, and no row cache across updates. Each read and
/// write says the keys (<see cref="WorldLockKey"/>) an optimistic commit locks for it: a row by its key (shared), a scan
/// its scope and every row it answered, an indexed lookup its index value, a hierarchy's members each member; an
/// update of a row its key (exclusive), an insert or a delete also its scope, a change of a row's indexed value the old
/// and the new value, of a hierarchy's members each member added or removed. Counters are the sum of per-backend rows
/// (db/postgres/0010) written as deltas; logs are appended to under their group's key.
/// </summary>
internal sealed class PostgresWorldRows(PostgresWorldCommands commands) : IWorldRows
{
    private const string Members = "world.world_hierarchy_members";

    private readonly PostgresWorldCommands commands = commands;
    private readonly List<Action> flushes = [];

    /// <summary>Rows read from the world's tables so far.</summary>
    public int RowsRead { get; private set; }

    /// <summary>Rows inserted, updated or deleted by <see cref="Flush"/>.</summary>
    public int RowsWritten { get; private set; }

    public WorldTable<T> Table<T>(string table) => Track(table, "", new WorldTable<T>(new Source<T>(this, table, "")));

    public WorldTable<NodeRecord> Nodes()
    {
        var nodes = new WorldTable<NodeRecord>(new Source<NodeRecord>(this, WorldRowNames.Nodes, "", node =>
        {
            node.Services = new WorldTable<ServiceRecord>(new Source<ServiceRecord>(this, WorldRowNames.Services, node.Name));
            node.Shares = new WorldSet(new WorldTable<bool>(new Source<bool>(this, WorldRowNames.Shares, node.Name)));
        }));
        flushes.Add(() => FlushNodes(nodes));
        return nodes;
    }

    public WorldCounters Counters() => new()
    {
        Applied = Counter(nameof(WorldCounters.Applied)),
        Calls = Counter(nameof(WorldCounters.Calls)),
        Replayed = Counter(nameof(WorldCounters.Replayed)),
        ReplayedKeys = Counter(nameof(WorldCounters.ReplayedKeys)),
        Failed = Counter(nameof(WorldCounters.Failed)),
        NoOps = Counter(nameof(WorldCounters.NoOps)),
        Violations = Counter(nameof(WorldCounters.Violations)),
        Fenced = Counter(nameof(WorldCounters.Fenced)),
    };

    public WorldLog<string> Violations() => Log<string>(WorldRowNames.Violations, _ => null);

    public WorldLog<OutageRecord> Outages() => Log<OutageRecord>(WorldRowNames.Outages, o => o.Hierarchy);

    /// <summary>Writes every change of the tables made from these rows, in the update's transaction.</summary>
    public void Flush()
    {
        foreach (var flush in flushes)
        {
            flush();
        }
    }

    /// <summary>
    /// One counter family: a count is the sum of its rows, one per backend that changed it (db/postgres/0010), and a change
    /// is written as a delta into this backend's row. In an optimistic update the value read for a count changed only by
    /// <see cref="WorldCounters.Increment(WorldTable{long}, string)"/> is not checked at commit (nor locked: the delta
    /// takes the count's key shared, so deltas do not wait on each other); a count the mutation looked at
    /// (<see cref="WorldTable{TValue}.Observed"/>) is checked like any other read, under its key exclusive, so it waits
    /// for the deltas in flight and they for it.
    /// </summary>
    private WorldTable<long> Counter(string family)
    {
        var source = new Source<long>(this, WorldRowNames.Counters, family) { Counters = true };
        var counter = new WorldTable<long>(source);
        if (commands.Optimistic)
        {
            source.CheckedWhen = counter.Observed;
        }

        flushes.Add(() => FlushDeltas(family, counter));
        return counter;
    }

    private void FlushDeltas(string family, WorldTable<long> counter)
    {
        var (upserts, deletes) = counter.Changes(WorldRowJson.Serialize);
        foreach (var (key, value, _) in upserts)
        {
            var delta = value - (counter.StoredJson(key) is { } stored ? WorldRowJson.Deserialize<long>(stored) : 0);
            Execute(
                [WorldLockKey.Row(WorldRowNames.Counters, family, key, false), WorldLockKey.Scope(WorldRowNames.Counters, family, false)],
                $"""
                INSERT INTO world.{WorldRowNames.Counters} AS c (scope, key, shard, indexed, json) VALUES (@scope, @key, pg_backend_pid(), NULL, @delta::text)
                ON CONFLICT (lower(scope), lower(key), shard) DO UPDATE SET json = (c.json::bigint + @delta)::text;
                """,
                ("@scope", family), ("@key", key), ("@delta", delta));
        }

        foreach (var key in deletes)
        {
            Execute(
                [WorldLockKey.Row(WorldRowNames.Counters, family, key, true), WorldLockKey.Scope(WorldRowNames.Counters, family, false)],
                $"DELETE FROM world.{WorldRowNames.Counters} WHERE lower(scope) = lower(@scope) AND lower(key) = lower(@key);",
                ("@scope", family),
                ("@key", key));
        }
    }

    private WorldTable<T> Track<T>(string table, string scope, WorldTable<T> rows)
    {
        flushes.Add(() => FlushTable(table, scope, rows));
        return rows;
    }

    private WorldLog<T> Log<T>(string log, Func<T, string?> groupOf)
    {
        var entries = new WorldLog<T>(new LogSource<T>(this, log));
        flushes.Add(() =>
        {
            var (added, updated) = entries.Changes(WorldRowJson.Serialize);
            foreach (var entry in added)
            {
                Execute(LogLocks(log, groupOf(entry), null), $"INSERT INTO world.{log} (grp, json) VALUES (@grp, @json);", ("@grp", groupOf(entry)), ("@json", WorldRowJson.Serialize(entry)));
            }

            foreach (var (id, entry, json) in updated)
            {
                Execute(LogLocks(log, groupOf(entry), id), $"UPDATE world.{log} SET json = @json WHERE id = @id;", ("@id", id), ("@json", json));
            }
        });
        return entries;
    }

    /// <summary>
    /// A log's write keys: the whole log shared (appends do not wait on each other; a read of the whole log takes it
    /// exclusive), the entry's group (what <see cref="WorldLog{TEntry}.Latest"/> reads) and an updated entry's id exclusive.
    /// </summary>
    private static WorldLockKey[] LogLocks(string log, string? group, long? id) =>
    [
        WorldLockKey.Scope(log, "", false),
        .. group is null ? Array.Empty<WorldLockKey>() : [WorldLockKey.Index(log, "", group, true)],
        .. id is null ? Array.Empty<WorldLockKey>() : [WorldLockKey.Row(log, "", id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), true)],
    ];

    private void FlushNodes(WorldTable<NodeRecord> nodes)
    {
        FlushTable(WorldRowNames.Nodes, "", nodes);
        foreach (var (name, node) in nodes.Held)
        {
            if (!node.Services.IsRowBacked)
            {
                // A node record made in this update (a new node, or one replaced): its services are exactly these.
                ReplaceScope(WorldRowNames.Services, name);
            }

            FlushTable(WorldRowNames.Services, name, node.Services);
            if (!node.Shares.IsRowBacked)
            {
                ReplaceScope(WorldRowNames.Shares, name);
            }

            FlushTable(WorldRowNames.Shares, name, node.Shares.Rows);
        }
    }

    private void FlushTable<T>(string table, string scope, WorldTable<T> rows)
    {
        var (upserts, deletes) = rows.Changes(WorldRowJson.Serialize);
        foreach (var (key, value, json) in upserts)
        {
            var stored = rows.StoredJson(key) is { } storedJson ? WorldRowJson.Deserialize<T>(storedJson) : default;
            var existed = rows.StoredJson(key) is not null;
            var indexed = WorldRowNames.IndexedOf(value);
            List<WorldLockKey> locks = [WorldLockKey.Row(table, scope, key, true)];
            if (!existed)
            {
                locks.Add(WorldLockKey.Scope(table, scope, true));
            }

            var before = existed ? WorldRowNames.IndexedOf(stored) : null;
            if (!existed || !string.Equals(before, indexed, StringComparison.OrdinalIgnoreCase))
            {
                locks.AddRange(new[] { before, indexed }.OfType<string>().Select(i => WorldLockKey.Index(table, scope, i, true)));
            }

            Execute(
                locks,
                $"""
                INSERT INTO world.{table} (scope, key, indexed, json) VALUES (@scope, @key, @indexed, @json)
                ON CONFLICT (lower(scope), lower(key)) DO UPDATE SET indexed = excluded.indexed, json = excluded.json;
                """,
                ("@scope", scope), ("@key", key), ("@indexed", indexed), ("@json", json));
            if (table == WorldRowNames.Hierarchies && value is HierarchyRecord hierarchy)
            {
                var members = WorldState.MemberKeys(hierarchy).ToList();
                var old = stored is HierarchyRecord was ? WorldState.MemberKeys(was).ToList() : [];
                if (existed && members.ToHashSet(StringComparer.Ordinal).SetEquals(old))
                {
                    continue;
                }

                WorldLockKey[] memberLocks = [WorldLockKey.Row(table, scope, key, true), .. old.Concat(members).Select(m => WorldLockKey.Row(Members, "", m, true))];
                Execute(memberLocks, $"DELETE FROM {Members} WHERE lower(hierarchy) = lower(@key);", ("@key", key));
                foreach (var member in members)
                {
                    Execute(memberLocks, $"INSERT INTO {Members} (member, hierarchy) VALUES (@member, @key) ON CONFLICT DO NOTHING;", ("@member", member), ("@key", key));
                }
            }
        }

        foreach (var key in deletes)
        {
            if (table == WorldRowNames.Nodes)
            {
                // Its services and shares go with it, as a whole scope.
                ReplaceScope(WorldRowNames.Services, key);
                ReplaceScope(WorldRowNames.Shares, key);
            }

            var stored = rows.StoredJson(key) is { } storedJson ? WorldRowJson.Deserialize<T>(storedJson) : default;
            List<WorldLockKey> locks = [WorldLockKey.Row(table, scope, key, true), WorldLockKey.Scope(table, scope, true)];
            if (WorldRowNames.IndexedOf(stored) is { } before)
            {
                locks.Add(WorldLockKey.Index(table, scope, before, true));
            }

            Execute(locks, $"DELETE FROM world.{table} WHERE lower(scope) = lower(@scope) AND lower(key) = lower(@key);", ("@scope", scope), ("@key", key));
            if (table == WorldRowNames.Hierarchies)
            {
                var old = stored is HierarchyRecord was ? WorldState.MemberKeys(was) : [];
                Execute([.. locks, .. old.Select(m => WorldLockKey.Row(Members, "", m, true))], $"DELETE FROM {Members} WHERE lower(hierarchy) = lower(@key);", ("@key", key));
            }
        }
    }

    /// <summary>
    /// Deletes every row of a scope (a node made anew or removed: its services, its shares). Its rows are not known by
    /// key, so an optimistic update cannot lock them: it stops (<see cref="LockFirstRequired"/>) and runs lock-first.
    /// </summary>
    private void ReplaceScope(string table, string scope)
    {
        if (commands.Optimistic)
        {
            throw new LockFirstRequired();
        }

        Execute([], $"DELETE FROM world.{table} WHERE lower(scope) = lower(@scope);", ("@scope", scope));
    }

    private void Execute(IReadOnlyList<WorldLockKey> locks, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        RowsWritten += commands.Execute(locks, sql, parameters);

    /// <summary>Rows (key, json) read from a table, counted, under the keys <paramref name="locks"/> gives for them.</summary>
    private List<(string Key, string Json)> Query(
        Func<bool>? checkedWhen, Func<List<(string Key, string Json)>, IReadOnlyList<WorldLockKey>> locks, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var rows = commands.Query(checkedWhen, locks, sql, r => (r.GetString(0), r.GetString(1)), parameters);
        RowsRead += rows.Count;
        return rows;
    }

    private sealed class Source<T>(PostgresWorldRows rows, string table, string scope, Action<T>? attach = null) : IWorldRowSource<T>
    {
        private readonly string where = $"FROM world.{table} WHERE lower(scope) = lower(@scope)";
        private Dictionary<string, List<string>>? keysWhereIndexed;

        /// <summary>Whether a row read by key is checked at an optimistic commit (null: always), asked then with its key.</summary>
        public Func<string, bool>? CheckedWhen { get; set; }

        /// <summary>True for a counter family: a row is the sum of its per-backend rows, and a checked read takes its keys exclusive.</summary>
        public bool Counters { get; init; }

        /// <summary>What a row read answers: its key and json (a counter's: the first spelling and the sum).</summary>
        private string Columns => Counters ? "(array_agg(key ORDER BY seq))[1], sum(json::bigint)::text" : "key, json";

        private string Grouped => Counters ? " GROUP BY lower(key)" : "";

        public (string Key, T Value, string Json)? Load(string key)
        {
            var found = rows.Query(
                CheckedWhen is { } check ? () => check(key) : null,
                _ => [WorldLockKey.Row(table, scope, key, Counters)],
                $"SELECT {Columns} {where} AND lower(key) = lower(@key){Grouped};",
                ("@scope", scope),
                ("@key", key));
            return found.Count == 0 ? null : Row(found[0]);
        }

        public IEnumerable<(string Key, T Value, string Json)> LoadMany(IReadOnlyList<string> keys) =>
            rows.Query(
                    null,
                    _ => [.. keys.Select(k => WorldLockKey.Row(table, scope, k, Counters))],
                    $"SELECT {Columns} {where} AND lower(key) IN (SELECT lower(k) FROM unnest(@keys) AS k){Grouped};",
                    ("@scope", scope),
                    ("@keys", keys.ToArray()))
                .Select(Row)
                .ToList();

        public IEnumerable<(string Key, T Value, string Json)> LoadAll() =>
            rows.Query(
                    null,
                    found => [WorldLockKey.Scope(table, scope, Counters), .. found.Select(r => WorldLockKey.Row(table, scope, r.Key, Counters))],
                    Counters ? $"SELECT {Columns} {where}{Grouped} ORDER BY min(seq);" : $"SELECT key, json {where} ORDER BY seq;",
                    ("@scope", scope))
                .Select(Row)
                .ToList();

        public IEnumerable<(string Key, string? Indexed)> IndexedOf(IReadOnlyList<string> keys) =>
            rows.commands.Query(
                null,
                _ => [.. keys.Select(k => WorldLockKey.Row(table, scope, k, false))],
                $"SELECT key, indexed {where} AND lower(key) IN (SELECT lower(k) FROM unnest(@keys) AS k);",
                r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)),
                ("@scope", scope),
                ("@keys", keys.ToArray()));

        /// <summary>The stored keys indexed under <paramref name="indexed"/>, read once per update and value (the stored rows do not change within an update).</summary>
        public IEnumerable<string> KeysWhereIndexed(string indexed)
        {
            keysWhereIndexed ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
            if (!keysWhereIndexed.TryGetValue(indexed, out var keys))
            {
                keys = table == WorldRowNames.Hierarchies
                    ? rows.commands.Query(
                        null, _ => [WorldLockKey.Row(Members, "", indexed, false)], $"SELECT hierarchy FROM {Members} WHERE member = @indexed;", r => r.GetString(0), ("@indexed", indexed))
                    : rows.commands.Query(
                        null,
                        _ => [WorldLockKey.Index(table, scope, indexed, false)],
                        $"SELECT key {where} AND lower(indexed) = lower(@indexed);",
                        r => r.GetString(0),
                        ("@scope", scope),
                        ("@indexed", indexed));
                keysWhereIndexed[indexed] = keys;
            }

            return keys;
        }

        private (string Key, T Value, string Json) Row((string Key, string Json) row)
        {
            var value = WorldRowJson.Deserialize<T>(row.Json);
            attach?.Invoke(value);
            return (row.Key, value, row.Json);
        }
    }

    private sealed class LogSource<T>(PostgresWorldRows rows, string log) : IWorldLogSource<T>
    {
        public IEnumerable<(long Id, T Entry, string Json)> LoadAll() =>
            rows.commands.Query(null, _ => [WorldLockKey.Scope(log, "", true)], $"SELECT id, json FROM world.{log} ORDER BY id;", r => (r.GetInt64(0), r.GetString(1)))
                .Select(r => (r.Item1, WorldRowJson.Deserialize<T>(r.Item2), r.Item2))
                .ToList();

        public (long Id, T Entry, string Json)? Latest(string group)
        {
            var found = rows.commands.Query(
                null,
                _ => [WorldLockKey.Index(log, "", group, false)],
                $"SELECT id, json FROM world.{log} WHERE lower(grp) = lower(@group) ORDER BY id DESC LIMIT 1;", r => (r.GetInt64(0), r.GetString(1)), ("@group", group));
            rows.RowsRead += found.Count;
            return found.Count == 0 ? null : (found[0].Item1, WorldRowJson.Deserialize<T>(found[0].Item2), found[0].Item2);
        }
    }
}
