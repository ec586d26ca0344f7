using Dapper;
using Microsoft.Data.Sqlite;

namespace Orchestrator.Environment.World;

/// <summary>
/// The world state as one JSON row in its own SQLite file, shared by every process that opens the file, and the
/// applied-effects ledger in its own table of that file (<see cref="SqliteEffectLedger"/>, trimmed by
/// <see cref="EffectLedgerRetention"/>), so the document does not grow with history.
/// Each update runs inside BEGIN IMMEDIATE (WAL journal, synchronous=FULL); concurrent writers wait on the
/// busy timeout instead of failing. Injected faults and latencies live in their own tables too
/// (<see cref="WorldFaultTables"/>): reading a latency reads one row, not the document. An effect's state change and its ledger row commit together; a mutation that
/// throws rolls the whole update back. Opening a file written before the ledger had its table moves the document's
/// ledger entries into the table.
/// </summary>
public sealed class SqliteWorldStateStore : IWorldStateStore
{
    /// <summary>How long a writer waits for another writer (any process) before giving up.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(60);

    private const string SelectSql = "SELECT state_json FROM world_state WHERE id = 1;";
    private const string UpdateSql = "UPDATE world_state SET state_json = @json, version = version + 1 WHERE id = 1;";

    private readonly WorldFile file;
    private readonly EffectLedgerRetention retention;

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

    public async Task<WorldState> ReadAsync(CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var transaction = connection.BeginTransaction(deferred: true);
            var json = await connection.QuerySingleAsync<string>(SelectSql, transaction: transaction).ConfigureAwait(false);
            var state = WorldStateJson.Deserialize(json);
            state.Faults = (await WorldFaultTables.LoadAsync(connection, transaction).ConfigureAwait(false)).Faults;
            transaction.Commit();
            return state;
        }
    }

    /// <summary>The latency of one effect kind, read from its row alone (the document is not read).</summary>
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
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var transaction = connection.BeginTransaction(deferred: false);
            var json = await connection.QuerySingleAsync<string>(SelectSql, transaction: transaction).ConfigureAwait(false);
            var state = WorldStateJson.Deserialize(json);
            var faults = await WorldFaultTables.LoadAsync(connection, transaction).ConfigureAwait(false);
            state.Faults = faults.Faults.Clone();
            var ledger = new SqliteEffectLedger(connection, transaction, state);
            state.Ledger = ledger;
            var result = mutate(state);
            ledger.Flush(retention);
            await WorldFaultTables.SaveAsync(connection, transaction, faults, state.Faults).ConfigureAwait(false);
            var updated = SerializeDocument(state);
            if (!string.Equals(updated, json, StringComparison.Ordinal))
            {
                // When nothing changed (a re-seed, a read that settled nothing) the document keeps its bytes.
                await connection.ExecuteAsync(UpdateSql, new { json = updated }, transaction).ConfigureAwait(false);
            }

            transaction.Commit();
            return result;
        }
    }

    /// <summary>The document without what lives in tables: no ledger entries, no faults.</summary>
    private static string SerializeDocument(WorldState state)
    {
        var faults = state.Faults;
        state.Faults = new WorldFaults();
        try
        {
            return WorldStateJson.Serialize(state);
        }
        finally
        {
            state.Faults = faults;
        }
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => file.ConnectAsync(cancellationToken);

    private Task EnsureInitializedAsync(CancellationToken cancellationToken) =>
        file.EnsureCreatedAsync(CreateSchemaAsync, cancellationToken);

    /// <summary>Creates the tables; a document that still holds ledger entries or faults (an older file) hands them to their tables.</summary>
    private async Task CreateSchemaAsync(SqliteConnection connection, SqliteTransaction transaction)
    {
        await connection.ExecuteAsync(
                """
                CREATE TABLE IF NOT EXISTS world_state (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    state_json TEXT NOT NULL,
                    version INTEGER NOT NULL
                );
                INSERT OR IGNORE INTO world_state (id, state_json, version) VALUES (1, @json, 0);
                """ + SqliteEffectLedger.Schema + WorldFaultTables.Schema,
                new { json = WorldStateJson.Serialize(new WorldState()) },
                transaction)
            .ConfigureAwait(false);

        // The faults row is written once, by the first open of this version, together with the ledger's move: when it
        // exists the document was already emptied and is not read here.
        if (await WorldFaultTables.ExistAsync(connection, transaction).ConfigureAwait(false))
        {
            return;
        }

        var json = await connection.QuerySingleAsync<string>(SelectSql, transaction: transaction).ConfigureAwait(false);
        var state = WorldStateJson.Deserialize(json);
        new SqliteEffectLedger(connection, transaction, state).Flush(retention);
        await WorldFaultTables.SaveAsync(connection, transaction, new WorldFaultTables.Stored(new WorldFaults(), ""), state.Faults)
            .ConfigureAwait(false);

        await connection.ExecuteAsync(UpdateSql, new { json = SerializeDocument(state) }, transaction).ConfigureAwait(false);
    }
}
