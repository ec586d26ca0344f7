using Dapper;
using Microsoft.Data.Sqlite;

namespace Orchestrator.Environment.World;

/// <summary>
/// The world state as one JSON row in its own SQLite file, shared by every process that opens the file, and the
/// applied-effects ledger in its own table of that file (<see cref="SqliteEffectLedger"/>, trimmed by
/// <see cref="EffectLedgerRetention"/>), so the document does not grow with history.
/// Each update runs inside BEGIN IMMEDIATE (WAL journal, synchronous=FULL); concurrent writers wait on the
/// busy timeout instead of failing. An effect's state change and its ledger row commit together; a mutation that
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
            var json = await connection.QuerySingleAsync<string>(SelectSql).ConfigureAwait(false);
            return WorldStateJson.Deserialize(json);
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
            var ledger = new SqliteEffectLedger(connection, transaction, state);
            state.Ledger = ledger;
            var result = mutate(state);
            ledger.Flush(retention);
            var updated = WorldStateJson.Serialize(state);
            if (!string.Equals(updated, json, StringComparison.Ordinal))
            {
                // Nothing changed (a re-seed, a read that settled nothing): the file keeps its bytes.
                await connection.ExecuteAsync(UpdateSql, new { json = updated }, transaction).ConfigureAwait(false);
            }

            transaction.Commit();
            return result;
        }
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => file.ConnectAsync(cancellationToken);

    private Task EnsureInitializedAsync(CancellationToken cancellationToken) =>
        file.EnsureCreatedAsync(CreateSchemaAsync, cancellationToken);

    /// <summary>Creates the tables; a document that still holds ledger entries (an older file) hands them to the ledger table.</summary>
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
                """ + SqliteEffectLedger.Schema,
                new { json = WorldStateJson.Serialize(new WorldState()) },
                transaction)
            .ConfigureAwait(false);

        var json = await connection.QuerySingleAsync<string>(SelectSql, transaction: transaction).ConfigureAwait(false);
        var state = WorldStateJson.Deserialize(json);
        if (state.AppliedEffects.Count == 0)
        {
            return;
        }

        new SqliteEffectLedger(connection, transaction, state).Flush(retention);
        await connection.ExecuteAsync(UpdateSql, new { json = WorldStateJson.Serialize(state) }, transaction).ConfigureAwait(false);
    }
}
