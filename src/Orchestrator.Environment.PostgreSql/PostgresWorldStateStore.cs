using System.Data;
using Npgsql;
using Orchestrator.Environment.World;
using Orchestrator.Storage.PostgreSql;

namespace Orchestrator.Environment.PostgreSql;

/// <summary>
/// The world in the product's PostgreSQL database (schema <c>world</c>, created by db/postgres/0004), shared by every
/// runner and CLI on that database: the same rows, ledger and faults as <see cref="SqliteWorldStateStore"/>. The
/// mutation gets a <see cref="WorldState"/> whose tables load a row when it is looked up (synchronous Npgsql calls
/// inside the synchronous mutation), and only the rows that changed are written back, with the ledger's rows and the
/// faults. An update is optimistic first: the mutation runs on a repeatable-read, read-only snapshot without any lock,
/// recording what it read and the keys that protect it (<see cref="PostgresReadSet"/>), then ONE batch takes
/// transaction-level advisory locks on those keys (shared) and on the keys of its writes (exclusive), in one sorted
/// order after the world-wide key shared (db/postgres/0010), checks in SQL that every read still answers the same, and
/// writes (counters changed only by an increment as deltas into this backend's row, unchecked): two commits wait on
/// each other only where one writes what the other read or writes, and only while the server runs their batches. A
/// read that changed refuses the batch (nothing written) and the mutation runs again from a fresh snapshot; after
/// <see cref="OptimisticTries"/> refused tries the update takes the world-wide key exclusive first and runs the
/// mutation inside it, as one transaction (serialised against every other update of every process); so does, at once,
/// an update whose read phase reads more than <see cref="OptimisticReadLimit"/> rows (seeding) or replaces a whole
/// scope of rows. The mutation may thus run more than once: it must change nothing but the state it is given. A
/// mutation that throws writes nothing. A query reads the rows it looks up in one repeatable-read, read-only
/// transaction. The world's change mark (<see cref="IWorldChangeMark"/>) is the sum of per-backend rows, one raised by
/// every committed update in its transaction.
/// </summary>
public sealed class PostgresWorldStateStore : IWorldStateStore, IWorldChangeMark, IDisposable
{
    /// <summary>Optimistic tries of an update before it takes the lock first.</summary>
    public const int OptimisticTries = 2;

    /// <summary>
    /// The most rows an optimistic try reads (a read that answers none counted as one): an update that reads more
    /// (seeding a cluster, which reads whole tables and looks up thousands of rows) stops its read phase there and runs on
    /// the lock-first path at once, rather than checking every read again in its commit batch while it holds the lock.
    /// An effect reads a few tens of rows (a hierarchy's services, volumes, address and DNS records, the ledger's row,
    /// the faults); 256 leaves every effect optimistic with room to spare and bounds the commit's checks to a few
    /// milliseconds of the lock.
    /// </summary>
    public const int OptimisticReadLimit = 256;

    /// <summary>Statements Npgsql prepares per connection (its <c>Max Auto Prepare</c>) unless the connection string says otherwise.</summary>
    public const int MaxAutoPrepare = 64;

    /// <summary>The lock-first path's lock: the world-wide key (db/postgres/0010) exclusive, which every optimistic commit takes shared.</summary>
    private const string LockSql = "SELECT pg_advisory_xact_lock(2003792492, 0);";

    /// <summary>The SQLSTATEs of a missing function or table: the database is not migrated to db/postgres/0010.</summary>
    private static readonly string[] NotMigrated = ["42883", "42P01"];

    private readonly NpgsqlDataSource dataSource;
    private readonly EffectLedgerRetention retention;

    public PostgresWorldStateStore(string connectionString)
        : this(connectionString, EffectLedgerRetention.Default)
    {
    }

    public PostgresWorldStateStore(string connectionString, EffectLedgerRetention retention)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(retention);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(retention.BatchSize);
        dataSource = NpgsqlDataSource.Create(PoolConnectionString(connectionString));
        this.retention = retention;
    }

    /// <summary>
    /// The world's pool's connection string: the stores' defaults (<see cref="PostgresConnectionDefaults.ForStores"/>: no
    /// session reset when a connection goes back to the pool; the world leaves no session state behind, its settings
    /// and advisory locks being transaction-level) and Npgsql's auto-prepare (<see cref="MaxAutoPrepare"/> statements
    /// per connection, prepared from their second use: an update runs the same few tens of statements every time), each
    /// unless <paramref name="connectionString"/> sets it.
    /// </summary>
    public static string PoolConnectionString(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.ForStores(connectionString));
        var set = connectionString.Replace(" ", "", StringComparison.Ordinal);
        if (!set.Contains("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            b.MaxAutoPrepare = MaxAutoPrepare;
        }

        if (!set.Contains("AutoPrepareMinUsages", StringComparison.OrdinalIgnoreCase))
        {
            b.AutoPrepareMinUsages = 2;
        }

        return b.ConnectionString;
    }

    /// <summary>The public folders (S25) in the world's schema, done by the nodes of <paramref name="world"/> (a world on this store).</summary>
    public SimulatedPublicFolders PublicFolders(SimulatedWorld world, TimeProvider time) =>
        new(this, new PostgresPublicFolderTables(dataSource), world, time);

    /// <summary>The rows the last update through this instance read and wrote, and the statements it ran.</summary>
    public WorldUpdateRows LastUpdateRows { get; private set; } = new(0, 0);

    /// <summary>How this instance's updates ended: optimistic commits, conflicts per table, fallbacks to the lock-first path.</summary>
    public WorldUpdateOutcomes Outcomes { get; } = new();

    /// <summary>Test seam: runs after an optimistic try's read phase, before its commit (to make two updates overlap).</summary>
    internal Action? AfterReadPhase { get; set; }

    public void Dispose() => dataSource.Dispose();

    /// <summary>A whole copy of the world in memory (every row read).</summary>
    public Task<WorldState> ReadAsync(CancellationToken cancellationToken) =>
        ReadAsync(state => WorldStateJson.Deserialize(WorldStateJson.Serialize(state)), cancellationToken);

    /// <summary>Runs the query on the rows as of one repeatable-read transaction; it reads only the rows it looks up.</summary>
    public async Task<T> ReadAsync<T>(Func<WorldState, T> query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            return await QueryAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e) when (ForgetPooledConnections(e))
        {
            throw;
        }
    }

    private async Task<T> QueryAsync<T>(Func<WorldState, T> query, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var commands = new PostgresWorldCommands(connection, transaction);
                commands.Execute("SET TRANSACTION READ ONLY;");
                var state = new WorldState(new PostgresWorldRows(commands), () => PostgresWorldFaults.Load(commands).Faults);
                var result = query(state);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
        }
    }

    /// <summary>The latency of one effect kind, read from its row alone.</summary>
    public async Task<TimeSpan> LatencyOfAsync(EffectKind kind, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadLatencyAsync(kind, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e) when (ForgetPooledConnections(e))
        {
            throw;
        }
    }

    private async Task<TimeSpan> ReadLatencyAsync(EffectKind kind, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand(PostgresWorldFaults.LatencySql, connection);
            command.Parameters.AddWithValue("kind", kind.ToString());
            var ticks = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return ticks is long t ? TimeSpan.FromTicks(t) : TimeSpan.Zero;
        }
    }

    public async Task<T> UpdateAsync<T>(Func<WorldState, T> mutate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mutate);
        try
        {
            return await WriteAsync(mutate, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e) when (ForgetPooledConnections(e))
        {
            throw;
        }
    }

    /// <summary>
    /// After the server went away (a restart, a lost connection) the pool's idle connections are dead too: dropped now, so
    /// the next call opens a live one instead of failing once more. Returns false: the exception goes on to the caller.
    /// </summary>
    private bool ForgetPooledConnections(NpgsqlException e)
    {
        if (e.IsTransient)
        {
            dataSource.Clear();
        }

        return false;
    }

    private async Task<T> WriteAsync<T>(Func<WorldState, T> mutate, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < OptimisticTries; attempt++)
        {
            var (ended, result) = await TryOptimisticAsync(mutate, cancellationToken).ConfigureAwait(false);
            if (ended == TryEnd.Committed)
            {
                return result;
            }

            if (ended == TryEnd.TooLarge)
            {
                Outcomes.WentLockFirst();
                return await WriteLockedAsync(mutate, cancellationToken).ConfigureAwait(false);
            }
        }

        Outcomes.FellBack();
        return await WriteLockedAsync(mutate, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How an optimistic try ended.</summary>
    private enum TryEnd
    {
        Committed,

        /// <summary>A read had changed before the commit: nothing written.</summary>
        Conflict,

        /// <summary>The read phase read more than <see cref="OptimisticReadLimit"/> rows: nothing written.</summary>
        TooLarge,
    }

    /// <summary>One optimistic try: the mutation on a snapshot, then the commit batch.</summary>
    private async Task<(TryEnd Ended, T Result)> TryOptimisticAsync<T>(Func<WorldState, T> mutate, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var readSet = new PostgresReadSet();
            T result;
            PostgresWorldRows rows;
            PostgresWorldCommands commands;
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY;", connection, transaction))
                {
                    await readOnly.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                commands = new PostgresWorldCommands(connection, transaction, readSet);
                try
                {
                    (result, rows) = Mutate(commands, mutate);
                }
                catch (Exception e) when (e is ReadLimitReached or LockFirstRequired)
                {
                    return (TryEnd.TooLarge, default!);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            AfterReadPhase?.Invoke();
            cancellationToken.ThrowIfCancellationRequested();
            using var batch = readSet.CommitBatch(connection);
            try
            {
                await batch.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (PostgresException e) when (NotMigrated.Contains(e.SqlState))
            {
                throw new InvalidOperationException("the world's key locks (db/postgres/0010) are missing; run `orchestrator db migrate`", e);
            }
            catch (PostgresException e) when (e.SqlState == PostgresReadSet.Changed)
            {
                Outcomes.Conflict(e.ConstraintName ?? "world");
                return (TryEnd.Conflict, default!);
            }

            Outcomes.Committed();
            LastUpdateRows = new WorldUpdateRows(rows.RowsRead, PostgresReadSet.RowsWritten(batch, readSet.Writes))
            {
                Statements = commands.Ran + batch.BatchCommands.Count,
            };
            return (TryEnd.Committed, result);
        }
    }

    /// <summary>The pessimistic path: the lock row first, then the mutation and its writes inside the one transaction.</summary>
    private async Task<T> WriteLockedAsync<T>(Func<WorldState, T> mutate, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Waiting for the world-wide lock is the only wait of an update: done without holding a thread.
                using (var take = new NpgsqlCommand(LockSql + PostgresReadSet.MarkSql, connection, transaction))
                {
                    try
                    {
                        await take.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (PostgresException e) when (NotMigrated.Contains(e.SqlState))
                    {
                        throw new InvalidOperationException("the world's change marks (db/postgres/0010) are missing; run `orchestrator db migrate`", e);
                    }
                }

                cancellationToken.ThrowIfCancellationRequested();
                var result = Update(new PostgresWorldCommands(connection, transaction), mutate);

                // Disposing the transaction without this commit (a throwing mutation, a failed write) rolls everything back.
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                return result;
            }
        }
    }

    /// <summary>The world's change mark, the sum of the backends' marks (db/postgres/0010): it moves with every committed update by any process; null when the database cannot be read now.</summary>
    public async Task<long?> ChangeMarkAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var command = new NpgsqlCommand("SELECT COALESCE(sum(version), 0)::bigint FROM world.world_marks;", connection);
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
            }
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }

    private T Update<T>(PostgresWorldCommands commands, Func<WorldState, T> mutate)
    {
        var (result, rows) = Mutate(commands, mutate);
        LastUpdateRows = new WorldUpdateRows(rows.RowsRead, rows.RowsWritten) { Statements = commands.Ran };
        return result;
    }

    /// <summary>Runs the mutation on rows read through <paramref name="commands"/>, then writes (or, optimistic, records) what changed.</summary>
    private (T Result, PostgresWorldRows Rows) Mutate<T>(PostgresWorldCommands commands, Func<WorldState, T> mutate)
    {
        var rows = new PostgresWorldRows(commands);
        WorldFaultTables.Stored? storedFaults = null;
        var state = new WorldState(rows, () =>
        {
            storedFaults = PostgresWorldFaults.Load(commands);
            return storedFaults.Faults.Clone();
        });
        var ledger = new PostgresEffectLedger(commands);
        state.Ledger = ledger;
        var result = mutate(state);
        ledger.Flush(retention);
        if (state.FaultsLoaded)
        {
            PostgresWorldFaults.Save(commands, storedFaults ?? new WorldFaultTables.Stored(new WorldFaults(), ""), state.Faults);
        }

        rows.Flush();
        return (result, rows);
    }
}
