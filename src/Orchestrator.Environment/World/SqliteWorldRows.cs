namespace Orchestrator.Environment.World;

/// <summary>
/// The world's rows as one update (or one read) sees them, inside its transaction: makes the row-backed tables of a
/// <see cref="WorldState"/>, loads rows as they are looked up, and <see cref="Flush"/> writes only what changed.
/// Every table has the same shape (scope, key, indexed, json): scope is the node of a service row and the family of a
/// counter row (empty otherwise), indexed the column an effect looks rows up by (a volume's node, an address's owner).
/// Hierarchies are indexed by their members in world_hierarchy_members. Rows read and written are counted
/// (<see cref="RowsRead"/>, <see cref="RowsWritten"/>).
/// </summary>
internal sealed class SqliteWorldRows : IWorldRows
{
    public const string NodesTable = WorldRowNames.Nodes;
    public const string ServicesTable = WorldRowNames.Services;
    public const string SharesTable = WorldRowNames.Shares;
    public const string VolumesTable = WorldRowNames.Volumes;
    public const string AddressesTable = WorldRowNames.Addresses;
    public const string DnsTable = WorldRowNames.Dns;
    public const string HierarchiesTable = WorldRowNames.Hierarchies;
    public const string UsersTable = WorldRowNames.Users;
    public const string QueueRoutesTable = WorldRowNames.QueueRoutes;
    public const string RoutingGroupsTable = WorldRowNames.RoutingGroups;
    public const string OriginalRoutingGroupsTable = WorldRowNames.OriginalRoutingGroups;
    public const string DownPathsTable = WorldRowNames.DownPaths;
    public const string SettingsTable = WorldRowNames.Settings;
    public const string CountersTable = WorldRowNames.Counters;
    public const string ViolationsLog = WorldRowNames.Violations;
    public const string OutagesLog = WorldRowNames.Outages;

    private static readonly string[] Tables = WorldRowNames.Tables;

    private readonly WorldCommands commands;
    private readonly List<Action> flushes = [];

    public SqliteWorldRows(WorldCommands commands)
    {
        this.commands = commands;
    }

    /// <summary>The world's tables, indexes and logs.</summary>
    public static string Schema { get; } =
        string.Concat(Tables.Select(t =>
            $"""
            CREATE TABLE IF NOT EXISTS {t} (
                scope TEXT NOT NULL COLLATE NOCASE,
                key TEXT NOT NULL COLLATE NOCASE,
                indexed TEXT NULL COLLATE NOCASE,
                json TEXT NOT NULL,
                PRIMARY KEY (scope, key)
            );
            {IndexOf(t)}

            """))
        + string.Concat(new[] { ViolationsLog, OutagesLog }.Select(l =>
            $"""
            CREATE TABLE IF NOT EXISTS {l} (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                grp TEXT NULL COLLATE NOCASE,
                json TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS {l}_by_group ON {l} (grp, id) WHERE grp IS NOT NULL;

            """))
        + """
          CREATE TABLE IF NOT EXISTS world_hierarchy_members (
              member TEXT NOT NULL,
              hierarchy TEXT NOT NULL COLLATE NOCASE,
              PRIMARY KEY (member, hierarchy)
          ) WITHOUT ROWID;
          CREATE INDEX IF NOT EXISTS world_hierarchy_members_by_hierarchy ON world_hierarchy_members (hierarchy);
          """;

    /// <summary>
    /// Run once, when <see cref="Schema"/> made world_shares in a file that had world_nodes: a file made when a node's
    /// shares were inside its row (its JSON's Shares array). Each share moves to a row of world_shares, scoped by the
    /// node, in the array's order, and the node's row loses the array (a row that is not JSON is left as it is).
    /// </summary>
    public const string SharesOutOfNodes =
        $"""
        INSERT OR IGNORE INTO {WorldRowNames.Shares} (scope, key, indexed, json)
            SELECT n.key, s.value, NULL, 'true'
            FROM {WorldRowNames.Nodes} AS n, json_each(CASE WHEN json_valid(n.json) THEN n.json ELSE json_object() END, '$.Shares') AS s
            WHERE s.type = 'text' ORDER BY n.rowid, s.key;
        UPDATE {WorldRowNames.Nodes} SET json = json_remove(json, '$.Shares')
            WHERE CASE WHEN json_valid(json) THEN json_type(json, '$.Shares') END IS NOT NULL;
        """;

    /// <summary>
    /// The index on a table's indexed column. A service row's column (its running-or-starting flag) is read by the row's
    /// key only, never searched: it has none (a file made before loses it), so the start or stop that flips the flag
    /// dirties no index page (a fifth of the effect's WAL frames). A share row has no indexed column, hence no index.
    /// </summary>
    private static string IndexOf(string table) =>
        table is ServicesTable or SharesTable
            ? $"DROP INDEX IF EXISTS {table}_by_indexed;"
            : $"CREATE INDEX IF NOT EXISTS {table}_by_indexed ON {table} (indexed) WHERE indexed IS NOT NULL;";

    /// <summary>Rows read from the world's tables so far (each looked-up row, each row of an enumerated table).</summary>
    public int RowsRead { get; private set; }

    /// <summary>Rows inserted, updated or deleted by <see cref="Flush"/>.</summary>
    public int RowsWritten { get; private set; }

    public WorldTable<T> Table<T>(string table) => Track(table, "", new WorldTable<T>(new Source<T>(this, table, "")));

    public WorldTable<NodeRecord> Nodes()
    {
        var nodes = new WorldTable<NodeRecord>(new Source<NodeRecord>(this, NodesTable, "", node =>
        {
            node.Services = new WorldTable<ServiceRecord>(new Source<ServiceRecord>(this, ServicesTable, node.Name));
            node.Shares = new WorldSet(new WorldTable<bool>(new Source<bool>(this, SharesTable, node.Name)));
        }));
        flushes.Add(() => FlushNodes(nodes));
        return nodes;
    }

    public WorldCounters Counters()
    {
        var counters = new WorldCounters();
        counters.Applied = Counter(nameof(WorldCounters.Applied));
        counters.Calls = Counter(nameof(WorldCounters.Calls));
        counters.Replayed = Counter(nameof(WorldCounters.Replayed));
        counters.ReplayedKeys = Counter(nameof(WorldCounters.ReplayedKeys));
        counters.Failed = Counter(nameof(WorldCounters.Failed));
        counters.NoOps = Counter(nameof(WorldCounters.NoOps));
        counters.Violations = Counter(nameof(WorldCounters.Violations));
        counters.Fenced = Counter(nameof(WorldCounters.Fenced));
        return counters;
    }

    public WorldLog<string> Violations() => Log<string>(ViolationsLog, _ => null);

    public WorldLog<OutageRecord> Outages() => Log<OutageRecord>(OutagesLog, o => o.Hierarchy);

    /// <summary>Writes every change of the tables made from these rows, in the update's transaction.</summary>
    public void Flush()
    {
        foreach (var flush in flushes)
        {
            flush();
        }
    }

    /// <summary>Writes a whole in-memory world as rows (seeding a migrated file), replacing nothing else.</summary>
    public void Insert(WorldState state)
    {
        var rowBacked = new WorldState(this);
        foreach (var (key, node) in state.Nodes)
        {
            rowBacked.Nodes[key] = node;
        }

        Copy(state.Volumes, rowBacked.Volumes);
        Copy(state.Addresses, rowBacked.Addresses);
        Copy(state.DnsRecords, rowBacked.DnsRecords);
        Copy(state.Hierarchies, rowBacked.Hierarchies);
        Copy(state.Users, rowBacked.Users);
        Copy(state.QueueRoutes, rowBacked.QueueRoutes);
        Copy(state.RoutingGroups, rowBacked.RoutingGroups);
        Copy(state.OriginalRoutingGroups, rowBacked.OriginalRoutingGroups);
        Copy(state.DownPaths, rowBacked.DownPaths);
        rowBacked.PublicFolderOwners = state.PublicFolderOwners;
        foreach (var ((_, from), (_, to)) in state.Counters.Families().Zip(rowBacked.Counters.Families()))
        {
            Copy(from, to);
        }

        foreach (var violation in state.InvariantViolations)
        {
            rowBacked.InvariantViolations.Add(violation);
        }

        foreach (var outage in state.Outages)
        {
            rowBacked.Outages.Add(outage);
        }

        Flush();
    }

    private static void Copy<T>(WorldTable<T> from, WorldTable<T> to)
    {
        foreach (var (key, value) in from)
        {
            to[key] = value;
        }
    }

    private WorldTable<long> Counter(string family) =>
        Track(CountersTable, family, new WorldTable<long>(new Source<long>(this, CountersTable, family)));

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
                Execute($"INSERT INTO {log} (grp, json) VALUES (@grp, @json);", ("@grp", groupOf(entry)), ("@json", WorldRowJson.Serialize(entry)));
            }

            foreach (var (id, _, json) in updated)
            {
                Execute($"UPDATE {log} SET json = @json WHERE id = @id;", ("@id", id), ("@json", json));
            }
        });
        return entries;
    }

    private void FlushNodes(WorldTable<NodeRecord> nodes)
    {
        FlushTable(NodesTable, "", nodes);
        foreach (var (name, node) in nodes.Held)
        {
            if (!node.Services.IsRowBacked)
            {
                // A node record made in this update (a new node, or one replaced): its services are exactly these.
                Execute($"DELETE FROM {ServicesTable} WHERE scope = @scope;", ("@scope", name));
                Cache?.WroteMany();
            }

            FlushTable(ServicesTable, name, node.Services);
            if (!node.Shares.IsRowBacked)
            {
                Execute($"DELETE FROM {SharesTable} WHERE scope = @scope;", ("@scope", name));
                Cache?.WroteMany();
            }

            FlushTable(SharesTable, name, node.Shares.Rows);
        }
    }

    private void FlushTable<T>(string table, string scope, WorldTable<T> rows)
    {
        var (upserts, deletes) = rows.Changes(WorldRowJson.Serialize);
        foreach (var (key, value, json) in upserts)
        {
            Execute(
                $"""
                INSERT INTO {table} (scope, key, indexed, json) VALUES (@scope, @key, @indexed, @json)
                ON CONFLICT (scope, key) DO UPDATE SET indexed = excluded.indexed, json = excluded.json;
                """,
                ("@scope", scope), ("@key", key), ("@indexed", IndexedOf(value)), ("@json", json));
            Cache?.Wrote(table, scope, key, new WorldRowCache.CachedRow(key, json, IndexedOf(value)));
            if (table == HierarchiesTable && value is HierarchyRecord hierarchy)
            {
                Cache?.WroteMany();
                Execute("DELETE FROM world_hierarchy_members WHERE hierarchy = @key;", ("@key", key));
                foreach (var member in WorldState.MemberKeys(hierarchy))
                {
                    Execute("INSERT OR IGNORE INTO world_hierarchy_members (member, hierarchy) VALUES (@member, @key);", ("@member", member), ("@key", key));
                }
            }
        }

        foreach (var key in deletes)
        {
            Execute($"DELETE FROM {table} WHERE scope = @scope AND key = @key;", ("@scope", scope), ("@key", key));
            Cache?.Wrote(table, scope, key, null);
            if (table == HierarchiesTable)
            {
                Execute("DELETE FROM world_hierarchy_members WHERE hierarchy = @key;", ("@key", key));
                Cache?.WroteMany();
            }
            else if (table == NodesTable)
            {
                Execute($"DELETE FROM {ServicesTable} WHERE scope = @key;", ("@key", key));
                Execute($"DELETE FROM {SharesTable} WHERE scope = @key;", ("@key", key));
                Cache?.WroteMany();
            }
        }
    }

    /// <summary>A service row's indexed column: whether it runs or starts (<see cref="ServiceRecord.RunsOrStarts"/>).</summary>
    public const string RunsOrStarts = WorldRowNames.RunsOrStarts;

    /// <summary>A service row's indexed column when it neither runs nor starts.</summary>
    public const string Idle = WorldRowNames.Idle;

    private static string? IndexedOf<T>(T value) => WorldRowNames.IndexedOf(value);

    /// <summary>The kept connection's rows of earlier updates (null on a read's or an unkept connection).</summary>
    private WorldRowCache? Cache => commands.RowCache;

    private void Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        RowsWritten += commands.Execute(sql, parameters);

    /// <summary>Rows (key, json, indexed) read from a table, counted.</summary>
    private List<WorldRowCache.CachedRow> Query(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var rows = commands.Query(sql, r => new WorldRowCache.CachedRow(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)), parameters);
        RowsRead += rows.Count;
        return rows;
    }

    private sealed class Source<T>(SqliteWorldRows rows, string table, string scope, Action<T>? attach = null) : IWorldRowSource<T>
    {
        private Dictionary<string, List<string>>? keysWhereIndexed;

        private WorldRowCache? Cache => rows.Cache;

        public (string Key, T Value, string Json)? Load(string key)
        {
            if (Cache is { } cache && cache.TryGet(table, scope, key, out var known) && known is not { Json: null })
            {
                return known is null ? null : Row(known);
            }

            var found = rows.Query($"SELECT key, json, indexed FROM {table} WHERE scope = @scope AND key = @key;", ("@scope", scope), ("@key", key));
            Cache?.Read(table, scope, key, found.Count == 0 ? null : found[0]);
            return found.Count == 0 ? null : Row(found[0]);
        }

        public IEnumerable<(string Key, T Value, string Json)> LoadMany(IReadOnlyList<string> keys)
        {
            var loaded = new List<(string Key, T Value, string Json)>();
            var missing = Unknown(keys, withJson: true, known => loaded.Add(Row(known)));
            if (missing.Count == 0)
            {
                return loaded;
            }

            var found = rows.Query(
                $"SELECT key, json, indexed FROM {table} WHERE scope = @scope AND key IN (SELECT value FROM json_each(@keys));",
                ("@scope", scope),
                ("@keys", KeyList(missing)));
            Remember(missing, found);
            loaded.AddRange(found.Select(Row));
            return loaded;
        }

        public IEnumerable<(string Key, T Value, string Json)> LoadAll()
        {
            var found = rows.Query($"SELECT key, json, indexed FROM {table} WHERE scope = @scope ORDER BY rowid;", ("@scope", scope));
            foreach (var row in found)
            {
                Cache?.Read(table, scope, row.Key, row);
            }

            return found.Select(Row).ToList();
        }

        public IEnumerable<(string Key, string? Indexed)> IndexedOf(IReadOnlyList<string> keys)
        {
            var indexed = new List<(string Key, string? Indexed)>();
            var missing = Unknown(keys, withJson: false, known => indexed.Add((known.Key, known.Indexed)));
            if (missing.Count == 0)
            {
                return indexed;
            }

            var found = rows.commands.Query(
                $"SELECT key, indexed FROM {table} WHERE scope = @scope AND key IN (SELECT value FROM json_each(@keys));",
                r => new WorldRowCache.CachedRow(r.GetString(0), null, r.IsDBNull(1) ? null : r.GetString(1)),
                ("@scope", scope),
                ("@keys", KeyList(missing)));
            Remember(missing, found);
            indexed.AddRange(found.Select(r => (r.Key, r.Indexed)));
            return indexed;
        }

        /// <summary>The keys the cache does not answer for; the rows it holds go to <paramref name="known"/>, absent ones nowhere.</summary>
        private List<string> Unknown(IReadOnlyList<string> keys, bool withJson, Action<WorldRowCache.CachedRow> known)
        {
            if (Cache is not { } cache)
            {
                return [.. keys];
            }

            var missing = new List<string>();
            foreach (var key in keys)
            {
                if (!cache.TryGet(table, scope, key, out var row) || (withJson && row is { Json: null }))
                {
                    missing.Add(key);
                }
                else if (row is not null)
                {
                    known(row);
                }
            }

            return missing;
        }

        /// <summary>Remembers the rows a keyed query found and, as absent, the keys it did not.</summary>
        private void Remember(List<string> asked, List<WorldRowCache.CachedRow> found)
        {
            if (Cache is not { } cache)
            {
                return;
            }

            var stored = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var row in found)
            {
                cache.Read(table, scope, row.Key, row);
                stored.Add(row.Key);
            }

            foreach (var key in asked.Where(k => !stored.Contains(k)))
            {
                cache.Read(table, scope, key, null);
            }
        }

        /// <summary>The keys as one JSON array parameter (one statement text and one bound value, however many keys).</summary>
        private static string KeyList(IReadOnlyList<string> keys) => System.Text.Json.JsonSerializer.Serialize(keys, WorldRowJson.Options);

        /// <summary>
        /// The stored keys indexed under <paramref name="indexed"/>, read once per update and value: the stored rows do not
        /// change within an update (its writes come at its end), and an effect asks for a service's hierarchies up to four times.
        /// </summary>
        public IEnumerable<string> KeysWhereIndexed(string indexed)
        {
            keysWhereIndexed ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
            if (!keysWhereIndexed.TryGetValue(indexed, out var keys))
            {
                if (table != HierarchiesTable)
                {
                    keys = rows.commands.Query($"SELECT key FROM {table} WHERE scope = @scope AND indexed = @indexed;", r => r.GetString(0), ("@scope", scope), ("@indexed", indexed));
                }
                else if (Cache is not { } cache || !cache.TryGetHierarchies(indexed, out keys))
                {
                    keys = rows.commands.Query("SELECT hierarchy FROM world_hierarchy_members WHERE member = @indexed;", r => r.GetString(0), ("@indexed", indexed));
                    Cache?.ReadHierarchies(indexed, keys);
                }

                keysWhereIndexed[indexed] = keys;
            }

            return keys;
        }

        private (string Key, T Value, string Json) Row(WorldRowCache.CachedRow row)
        {
            var json = row.Json ?? throw new InvalidOperationException($"{table}: the row {row.Key} was read without its bytes");
            var value = WorldRowJson.Deserialize<T>(json);
            attach?.Invoke(value);
            return (row.Key, value, json);
        }
    }

    private sealed class LogSource<T>(SqliteWorldRows rows, string log) : IWorldLogSource<T>
    {
        public IEnumerable<(long Id, T Entry, string Json)> LoadAll() =>
            rows.commands.Query($"SELECT id, json FROM {log} ORDER BY id;", r => (r.GetInt64(0), r.GetString(1)))
                .Select(r => (r.Item1, WorldRowJson.Deserialize<T>(r.Item2), r.Item2))
                .ToList();

        public (long Id, T Entry, string Json)? Latest(string group)
        {
            var found = rows.commands.Query(
                $"SELECT id, json FROM {log} WHERE grp = @group ORDER BY id DESC LIMIT 1;", r => (r.GetInt64(0), r.GetString(1)), ("@group", group));
            rows.RowsRead += found.Count;
            return found.Count == 0 ? null : (found[0].Item1, WorldRowJson.Deserialize<T>(found[0].Item2), found[0].Item2);
        }
    }
}
