using Orchestrator.Environment.World;

namespace Orchestrator.Environment.PostgreSql;

/// <summary>
/// The world's rows in PostgreSQL's schema <c>world</c> as one update (or one read) sees them, inside its transaction:
/// the same tables and the same rules as <see cref="SqliteWorldRows"/> (a row loaded when it is looked up, only what
/// changed written back by <see cref="Flush"/>, hierarchies indexed by their members in world_hierarchy_members), with
/// names compared through lower(...) where SQLite uses COLLATE NOCASE, and no row cache across updates.
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
    /// One counter family. In an optimistic update a count changed only by <see cref="WorldCounters.Increment(WorldTable{long}, string)"/>
    /// is written as a delta (value = value + delta) and the value read for it is not checked at commit; a count the
    /// mutation looked at (<see cref="WorldTable{TValue}.Observed"/>) is checked like any other read.
    /// </summary>
    private WorldTable<long> Counter(string family)
    {
        var source = new Source<long>(this, WorldRowNames.Counters, family);
        var counter = new WorldTable<long>(source);
        if (!commands.Optimistic)
        {
            return Track(WorldRowNames.Counters, family, counter);
        }

        source.CheckedWhen = counter.Observed;
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
                $"""
                INSERT INTO world.{WorldRowNames.Counters} AS c (scope, key, indexed, json) VALUES (@scope, @key, NULL, @delta::text)
                ON CONFLICT (lower(scope), lower(key)) DO UPDATE SET json = (c.json::bigint + @delta)::text;
                """,
                ("@scope", family), ("@key", key), ("@delta", delta));
        }

        foreach (var key in deletes)
        {
            Execute($"DELETE FROM world.{WorldRowNames.Counters} WHERE lower(scope) = lower(@scope) AND lower(key) = lower(@key);", ("@scope", family), ("@key", key));
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
                Execute($"INSERT INTO world.{log} (grp, json) VALUES (@grp, @json);", ("@grp", groupOf(entry)), ("@json", WorldRowJson.Serialize(entry)));
            }

            foreach (var (id, _, json) in updated)
            {
                Execute($"UPDATE world.{log} SET json = @json WHERE id = @id;", ("@id", id), ("@json", json));
            }
        });
        return entries;
    }

    private void FlushNodes(WorldTable<NodeRecord> nodes)
    {
        FlushTable(WorldRowNames.Nodes, "", nodes);
        foreach (var (name, node) in nodes.Held)
        {
            if (!node.Services.IsRowBacked)
            {
                // A node record made in this update (a new node, or one replaced): its services are exactly these.
                Execute($"DELETE FROM world.{WorldRowNames.Services} WHERE lower(scope) = lower(@scope);", ("@scope", name));
            }

            FlushTable(WorldRowNames.Services, name, node.Services);
            if (!node.Shares.IsRowBacked)
            {
                Execute($"DELETE FROM world.{WorldRowNames.Shares} WHERE lower(scope) = lower(@scope);", ("@scope", name));
            }

            FlushTable(WorldRowNames.Shares, name, node.Shares.Rows);
        }
    }

    private void FlushTable<T>(string table, string scope, WorldTable<T> rows)
    {
        var (upserts, deletes) = rows.Changes(WorldRowJson.Serialize);
        foreach (var (key, value, json) in upserts)
        {
            Execute(
                $"""
                INSERT INTO world.{table} (scope, key, indexed, json) VALUES (@scope, @key, @indexed, @json)
                ON CONFLICT (lower(scope), lower(key)) DO UPDATE SET indexed = excluded.indexed, json = excluded.json;
                """,
                ("@scope", scope), ("@key", key), ("@indexed", WorldRowNames.IndexedOf(value)), ("@json", json));
            if (table == WorldRowNames.Hierarchies && value is HierarchyRecord hierarchy)
            {
                Execute($"DELETE FROM {Members} WHERE lower(hierarchy) = lower(@key);", ("@key", key));
                foreach (var member in WorldState.MemberKeys(hierarchy))
                {
                    Execute($"INSERT INTO {Members} (member, hierarchy) VALUES (@member, @key) ON CONFLICT DO NOTHING;", ("@member", member), ("@key", key));
                }
            }
        }

        foreach (var key in deletes)
        {
            Execute($"DELETE FROM world.{table} WHERE lower(scope) = lower(@scope) AND lower(key) = lower(@key);", ("@scope", scope), ("@key", key));
            if (table == WorldRowNames.Hierarchies)
            {
                Execute($"DELETE FROM {Members} WHERE lower(hierarchy) = lower(@key);", ("@key", key));
            }
            else if (table == WorldRowNames.Nodes)
            {
                Execute($"DELETE FROM world.{WorldRowNames.Services} WHERE lower(scope) = lower(@key);", ("@key", key));
                Execute($"DELETE FROM world.{WorldRowNames.Shares} WHERE lower(scope) = lower(@key);", ("@key", key));
            }
        }
    }

    private void Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        RowsWritten += commands.Execute(sql, parameters);

    /// <summary>Rows (key, json) read from a table, counted.</summary>
    private List<(string Key, string Json)> Query(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Query(null, sql, parameters);

    private List<(string Key, string Json)> Query(Func<bool>? checkedWhen, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var rows = commands.Query(checkedWhen, sql, r => (r.GetString(0), r.GetString(1)), parameters);
        RowsRead += rows.Count;
        return rows;
    }

    private sealed class Source<T>(PostgresWorldRows rows, string table, string scope, Action<T>? attach = null) : IWorldRowSource<T>
    {
        private readonly string where = $"FROM world.{table} WHERE lower(scope) = lower(@scope)";
        private Dictionary<string, List<string>>? keysWhereIndexed;

        /// <summary>Whether a row read by key is checked at an optimistic commit (null: always), asked then with its key.</summary>
        public Func<string, bool>? CheckedWhen { get; set; }

        public (string Key, T Value, string Json)? Load(string key)
        {
            var found = rows.Query(
                CheckedWhen is { } check ? () => check(key) : null, $"SELECT key, json {where} AND lower(key) = lower(@key);", ("@scope", scope), ("@key", key));
            return found.Count == 0 ? null : Row(found[0]);
        }

        public IEnumerable<(string Key, T Value, string Json)> LoadMany(IReadOnlyList<string> keys) =>
            rows.Query($"SELECT key, json {where} AND lower(key) IN (SELECT lower(k) FROM unnest(@keys) AS k);", ("@scope", scope), ("@keys", keys.ToArray()))
                .Select(Row)
                .ToList();

        public IEnumerable<(string Key, T Value, string Json)> LoadAll() =>
            rows.Query($"SELECT key, json {where} ORDER BY seq;", ("@scope", scope)).Select(Row).ToList();

        public IEnumerable<(string Key, string? Indexed)> IndexedOf(IReadOnlyList<string> keys) =>
            rows.commands.Query(
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
                    ? rows.commands.Query($"SELECT hierarchy FROM {Members} WHERE member = @indexed;", r => r.GetString(0), ("@indexed", indexed))
                    : rows.commands.Query($"SELECT key {where} AND lower(indexed) = lower(@indexed);", r => r.GetString(0), ("@scope", scope), ("@indexed", indexed));
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
            rows.commands.Query($"SELECT id, json FROM world.{log} ORDER BY id;", r => (r.GetInt64(0), r.GetString(1)))
                .Select(r => (r.Item1, WorldRowJson.Deserialize<T>(r.Item2), r.Item2))
                .ToList();

        public (long Id, T Entry, string Json)? Latest(string group)
        {
            var found = rows.commands.Query(
                $"SELECT id, json FROM world.{log} WHERE lower(grp) = lower(@group) ORDER BY id DESC LIMIT 1;", r => (r.GetInt64(0), r.GetString(1)), ("@group", group));
            rows.RowsRead += found.Count;
            return found.Count == 0 ? null : (found[0].Item1, WorldRowJson.Deserialize<T>(found[0].Item2), found[0].Item2);
        }
    }
}
