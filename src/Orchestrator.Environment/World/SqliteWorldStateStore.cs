using Dapper;
using Microsoft.Data.Sqlite;

namespace Orchestrator.Environment.World;

/// <summary>
/// The world in tables of its own SQLite file, shared by every process that opens the file: one row per node,
/// service (node, service), volume, address, DNS record, hierarchy, user, queue route, routing group, cut path and
/// counter, appended rows for outages and invariant violations (<see cref="SqliteWorldRows"/>), the applied-effects
/// ledger (<see cref="SqliteEffectLedger"/>, trimmed by <see cref="EffectLedgerRetention"/>) and injected faults and
/// latencies (<see cref="WorldFaultTables"/>). The mirror to a node is part of the node's row: it is per node and
/// changes with the node (fencing, boot). An update (BEGIN IMMEDIATE, WAL, synchronous=FULL; concurrent writers of this
/// process queue on the file's <see cref="WorldWriteGate"/>, other processes wait on the busy timeout) hands the
/// mutation a <see cref="WorldState"/> whose tables load a row when it is looked up and
/// writes back only the rows that changed, with its ledger rows, in one transaction; a mutation that throws rolls the
/// whole update back. A query (<see cref="ReadAsync{T}"/>) reads only what it looks at. Opening a file written in the
/// one-document form (world_state) moves the document into rows, its ledger and faults into their tables, in one
/// transaction.
/// </summary>
public sealed class SqliteWorldStateStore : IWorldStateStore, IDisposable
{
    /// <summary>How long a writer waits for another writer (any process) before giving up.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(60);

    private readonly WorldFile file;
    private readonly EffectLedgerRetention retention;
    private SqliteWorldChangeMark? changeMark;

    public SqliteWorldStateStore(string path)
        : this(path, EffectLedgerRetention.Default)
    {
    }

    public SqliteWorldStateStore(string path, EffectLedgerRetention retention)
    {
        ArgumentNullException.ThrowIfNull(retention);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(retention.BatchSize);
        file = new WorldFile(path);
        this.retention = retention;
    }

    /// <summary>The full path of the SQLite file.</summary>
    public string FilePath => file.FilePath;

    /// <summary>
    /// Closes the kept write connection, so the process's last connection to the file closes with it (and SQLite
    /// checkpoints the WAL into the file then, as for pooled connections), and the change mark's own connection: a command leaves world.db as a whole file.
    /// </summary>
    public void Dispose()
    {
        file.Dispose();
        changeMark?.Dispose();
    }

    /// <summary>The file's change mark (<see cref="SqliteWorldChangeMark"/>), made on first use and closed with the store.</summary>
    internal SqliteWorldChangeMark ChangeMark => LazyInitializer.EnsureInitialized(ref changeMark, () => new SqliteWorldChangeMark(FilePath));

    /// <summary>The rows the last update through this instance read and wrote (diagnostics, tests, benchmarks).</summary>
    public WorldUpdateRows LastUpdateRows { get; private set; } = new(0, 0);

    /// <summary>A whole copy of the world in memory (every row read).</summary>
    public async Task<WorldState> ReadAsync(CancellationToken cancellationToken) =>
        await ReadAsync(state => WorldStateJson.Deserialize(WorldStateJson.Serialize(state)), cancellationToken).ConfigureAwait(false);

    /// <summary>Runs the query on the rows as of one read transaction; it reads only the rows it looks up.</summary>
    public async Task<T> ReadAsync<T>(Func<WorldState, T> query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var transaction = connection.BeginTransaction(deferred: true);
            using var commands = new WorldCommands(connection, cached: false);
            var rows = new SqliteWorldRows(commands);
            var state = new WorldState(rows, () => WorldFaultTables.Load(commands).Faults);
            var result = query(state);
            transaction.Commit();
            return result;
        }
    }

    /// <summary>
    /// Issue 15: SQLite's quick_check of the whole file, on a connection of its own, changing nothing: null when the file is
    /// intact (or does not exist yet), else each problem SQLite reports. A full scan: for a command about to change the world
    /// (`cluster apply`), not for every start.
    /// </summary>
    public async Task<IReadOnlyList<string>?> CheckIntegrityAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }

        try
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = FilePath,
                Mode = SqliteOpenMode.ReadWrite, // not ReadOnly: a read-only WAL reader leaves -wal/-shm files behind
                Pooling = false,
            }.ToString());
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                var report = (await connection.QueryAsync<string>(new CommandDefinition("PRAGMA quick_check;", cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
                return report is [var only] && string.Equals(only, "ok", StringComparison.OrdinalIgnoreCase) ? null : report;
            }
        }
        catch (SqliteException e)
        {
            return [e.Message];
        }
    }

    /// <summary>The latency of one effect kind, read from its row alone.</summary>
    public async Task<TimeSpan> LatencyOfAsync(EffectKind kind, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await WorldFaultTables.LatencyOfAsync(connection, kind).ConfigureAwait(false);
        }
    }

    public async Task<T> UpdateAsync<T>(Func<WorldState, T> mutate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mutate);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await file.WriteAsync((connection, commands) => Update(connection, commands, mutate, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private T Update<T>(SqliteConnection connection, WorldCommands commands, Func<WorldState, T> mutate, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (prepared, ran) = (commands.Prepared, commands.Ran);
        using var transaction = connection.BeginTransaction(deferred: false);
        var cache = commands.RowCache;
        try
        {
            cache?.Begin(commands);
            var rows = new SqliteWorldRows(commands);
            WorldFaultTables.Stored? storedFaults = null;
            var state = new WorldState(rows, () =>
            {
                storedFaults = cache?.Faults ?? WorldFaultTables.Load(commands);
                if (cache is not null)
                {
                    cache.Faults = storedFaults;
                }

                return storedFaults.Faults.Clone();
            });
            var ledger = new SqliteEffectLedger(commands, state);
            state.Ledger = ledger;
            var result = mutate(state);
            ledger.Flush(retention);
            if (state.FaultsLoaded
                && WorldFaultTables.Save(commands, storedFaults ?? new WorldFaultTables.Stored(new WorldFaults(), ""), state.Faults))
            {
                cache?.WroteFaults();
            }

            rows.Flush();
            transaction.Commit();
            cache?.Committed();
            LastUpdateRows = new WorldUpdateRows(rows.RowsRead, rows.RowsWritten) { Prepared = commands.Prepared - prepared, Statements = commands.Ran - ran };
            return result;
        }
        catch
        {
            cache?.Clear();
            throw;
        }
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => file.ConnectAsync(cancellationToken);

    private Task EnsureInitializedAsync(CancellationToken cancellationToken) =>
        file.EnsureCreatedAsync(CreateSchemaAsync, cancellationToken);

    /// <summary>
    /// Creates the tables; a file in the one-document form (an older file) moves into them and loses its document table,
    /// and a file whose node rows hold their shares moves them into world_shares.
    /// </summary>
    private Task CreateSchemaAsync(SqliteConnection connection, SqliteTransaction transaction)
    {
        var documentForm = connection.ExecuteScalar<long>(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'world_state';", transaction: transaction) > 0;
        var faultsMoved = documentForm
            && connection.ExecuteScalar<long>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'world_faults';", transaction: transaction) > 0
            && WorldFaultTables.Exist(connection, transaction);
        var sharesInNodes = connection.ExecuteScalar<string?>(
            $"SELECT group_concat(name) FROM sqlite_master WHERE type = 'table' AND name IN ('{SqliteWorldRows.NodesTable}', '{SqliteWorldRows.SharesTable}');",
            transaction: transaction) == SqliteWorldRows.NodesTable;
        connection.Execute(SqliteWorldRows.Schema + SqliteEffectLedger.Schema + WorldFaultTables.Schema, transaction: transaction);
        if (sharesInNodes)
        {
            // A file made when a node's shares were inside its row.
            connection.Execute(SqliteWorldRows.SharesOutOfNodes, transaction: transaction);
        }

        if (!documentForm)
        {
            return Task.CompletedTask;
        }

        var json = connection.QuerySingleOrDefault<string>("SELECT state_json FROM world_state WHERE id = 1;", transaction: transaction);
        if (json is not null)
        {
            var document = WorldStateJson.Deserialize(json);
            using var commands = new WorldCommands(connection, cached: false);
            new SqliteEffectLedger(commands, document).Flush(retention);
            if (!faultsMoved)
            {
                // The faults row is written by the first open that moved them: before that they were in the document.
                WorldFaultTables.Save(commands, new WorldFaultTables.Stored(new WorldFaults(), ""), document.Faults);
            }

            new SqliteWorldRows(commands).Insert(document);
        }

        connection.Execute("DROP TABLE world_state;", transaction: transaction);
        return Task.CompletedTask;
    }
}
