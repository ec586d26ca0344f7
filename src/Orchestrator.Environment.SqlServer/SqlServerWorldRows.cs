using System.Text.Json;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.SqlServer;

/// <summary>
/// The world's rows in SQL Server's schema <c>world</c> as one update (or one read) sees them, inside its transaction:
/// the same tables and the same rules as <see cref="SqliteWorldRows"/> (a row loaded when it is looked up, only what
/// changed written back by <see cref="Flush"/>, hierarchies indexed by their members in world_hierarchy_members), names
/// compared by the database's case-insensitive collation, statements from <see cref="SqlServerWorldSql"/>, and no row
/// cache across updates.
/// </summary>
internal sealed class SqlServerWorldRows(SqlServerWorldCommands commands) : IWorldRows
{
    private readonly SqlServerWorldCommands commands = commands;
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

    private static RowTableSql Sql(string table) => SqlServerWorldSql.Tables[table];

    private WorldTable<long> Counter(string family) =>
        Track(WorldRowNames.Counters, family, new WorldTable<long>(new Source<long>(this, WorldRowNames.Counters, family)));

    private WorldTable<T> Track<T>(string table, string scope, WorldTable<T> rows)
    {
        flushes.Add(() => FlushTable(table, scope, rows));
        return rows;
    }

    private WorldLog<T> Log<T>(string log, Func<T, string?> groupOf)
    {
        var sql = SqlServerWorldSql.Logs[log];
        var entries = new WorldLog<T>(new LogSource<T>(this, sql));
        flushes.Add(() =>
        {
            var (added, updated) = entries.Changes(WorldRowJson.Serialize);
            foreach (var entry in added)
            {
                Execute(sql.Insert, ("@grp", groupOf(entry)), ("@json", WorldRowJson.Serialize(entry)));
            }

            foreach (var (id, _, json) in updated)
            {
                Execute(sql.Update, ("@id", id), ("@json", json));
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
                Execute(Sql(WorldRowNames.Services).DeleteScope, ("@scope", name));
            }

            FlushTable(WorldRowNames.Services, name, node.Services);
            if (!node.Shares.IsRowBacked)
            {
                Execute(Sql(WorldRowNames.Shares).DeleteScope, ("@scope", name));
            }

            FlushTable(WorldRowNames.Shares, name, node.Shares.Rows);
        }
    }

    private void FlushTable<T>(string table, string scope, WorldTable<T> rows)
    {
        var sql = Sql(table);
        var (upserts, deletes) = rows.Changes(WorldRowJson.Serialize);
        foreach (var (key, value, json) in upserts)
        {
            Execute(sql.Upsert, ("@scope", scope), ("@key", key), ("@indexed", WorldRowNames.IndexedOf(value)), ("@json", json));
            if (table == WorldRowNames.Hierarchies && value is HierarchyRecord hierarchy)
            {
                Execute(SqlServerWorldSql.ReplaceMembersSql, ("@key", key));
                foreach (var member in WorldState.MemberKeys(hierarchy))
                {
                    Execute(SqlServerWorldSql.AddMemberSql, ("@member", member), ("@key", key));
                }
            }
        }

        foreach (var key in deletes)
        {
            Execute(sql.Delete, ("@scope", scope), ("@key", key));
            if (table == WorldRowNames.Hierarchies)
            {
                Execute(SqlServerWorldSql.ReplaceMembersSql, ("@key", key));
            }
            else if (table == WorldRowNames.Nodes)
            {
                foreach (var scoped in SqlServerWorldSql.NodeScoped)
                {
                    Execute(Sql(scoped).DeleteScope, ("@scope", key));
                }
            }
        }
    }

    private void Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        RowsWritten += Math.Max(0, commands.Execute(sql, parameters));

    /// <summary>Rows (key, json) read from a table, counted.</summary>
    private List<(string Key, string Json)> Query(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var rows = commands.Query(sql, r => (r.GetString(0), r.GetString(1)), parameters);
        RowsRead += rows.Count;
        return rows;
    }

    private sealed class Source<T>(SqlServerWorldRows rows, string table, string scope, Action<T>? attach = null) : IWorldRowSource<T>
    {
        private readonly RowTableSql sql = Sql(table);
        private Dictionary<string, List<string>>? keysWhereIndexed;

        public (string Key, T Value, string Json)? Load(string key)
        {
            var found = rows.Query(sql.Load, ("@scope", scope), ("@key", key));
            return found.Count == 0 ? null : Row(found[0]);
        }

        public IEnumerable<(string Key, T Value, string Json)> LoadMany(IReadOnlyList<string> keys) =>
            rows.Query(sql.LoadMany, ("@scope", scope), ("@keys", JsonSerializer.Serialize(keys))).Select(Row).ToList();

        public IEnumerable<(string Key, T Value, string Json)> LoadAll() =>
            rows.Query(sql.LoadAll, ("@scope", scope)).Select(Row).ToList();

        public IEnumerable<(string Key, string? Indexed)> IndexedOf(IReadOnlyList<string> keys) =>
            rows.commands.Query(
                sql.IndexedOf,
                r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)),
                ("@scope", scope),
                ("@keys", JsonSerializer.Serialize(keys)));

        /// <summary>The stored keys indexed under <paramref name="indexed"/>, read once per update and value (the stored rows do not change within an update).</summary>
        public IEnumerable<string> KeysWhereIndexed(string indexed)
        {
            keysWhereIndexed ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
            if (!keysWhereIndexed.TryGetValue(indexed, out var keys))
            {
                keys = table == WorldRowNames.Hierarchies
                    ? rows.commands.Query(SqlServerWorldSql.MemberOfSql, r => r.GetString(0), ("@indexed", indexed))
                    : rows.commands.Query(sql.KeysWhereIndexed, r => r.GetString(0), ("@scope", scope), ("@indexed", indexed));
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

    private sealed class LogSource<T>(SqlServerWorldRows rows, LogTableSql sql) : IWorldLogSource<T>
    {
        public IEnumerable<(long Id, T Entry, string Json)> LoadAll() =>
            rows.commands.Query(sql.LoadAll, r => (r.GetInt64(0), r.GetString(1)))
                .Select(r => (r.Item1, WorldRowJson.Deserialize<T>(r.Item2), r.Item2))
                .ToList();

        public (long Id, T Entry, string Json)? Latest(string group)
        {
            var found = rows.commands.Query(sql.Latest, r => (r.GetInt64(0), r.GetString(1)), ("@group", group));
            rows.RowsRead += found.Count;
            return found.Count == 0 ? null : (found[0].Item1, WorldRowJson.Deserialize<T>(found[0].Item2), found[0].Item2);
        }
    }
}
