using System.Data;
using Microsoft.Data.SqlClient;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.SqlServer;

/// <summary>
/// The world in the product's SQL Server database (schema <c>world</c>, created by db/sqlserver/0003), shared by every
/// runner and CLI on that database: the same rows, ledger and faults as <see cref="SqliteWorldStateStore"/>. Pessimistic:
/// an update is one READ COMMITTED transaction that first takes the one row of world.world_lock
/// (<see cref="LockSql"/>, raising its version), so updates of every process run one at a time; the mutation gets a
/// <see cref="WorldState"/> whose tables load a row when it is looked up (synchronous SqlClient calls inside the
/// synchronous mutation), and only the rows that changed are written back, with the ledger's rows and the faults,
/// before the commit. A mutation that throws rolls the whole update back. A query runs in a READ COMMITTED transaction
/// that writes nothing and first reads the lock row <c>WITH (HOLDLOCK)</c> (<see cref="ReadLockSql"/>): its shared lock,
/// held to the end of the query, waits for an update in progress and keeps the next one out, so a query sees whole
/// updates only, on any database. (SNAPSHOT would let queries and updates overlap, but it needs
/// ALLOW_SNAPSHOT_ISOLATION, an ALTER DATABASE that cannot run in DbUp's transaction per script and that the product's
/// login may not be granted.) The lock row's version is the world's change mark (<see cref="IWorldChangeMark"/>).
/// </summary>
public sealed class SqlServerWorldStateStore : IWorldStateStore, IWorldChangeMark
{
    /// <summary>An update's first statement: the world's lock row, exclusively, until the commit.</summary>
    internal const string LockSql = "UPDATE world.world_lock WITH (UPDLOCK, HOLDLOCK) SET version = version + 1 WHERE id = 1;";

    /// <summary>A query's first statement: the lock row, shared, until the end of the query's transaction.</summary>
    internal const string ReadLockSql = "SELECT version FROM world.world_lock WITH (HOLDLOCK, ROWLOCK) WHERE id = 1;";

    private const string ChangeMarkSql = "SELECT version FROM world.world_lock WHERE id = 1;";

    private readonly string connectionString;
    private readonly EffectLedgerRetention retention;

    public SqlServerWorldStateStore(string connectionString)
        : this(connectionString, EffectLedgerRetention.Default)
    {
    }

    public SqlServerWorldStateStore(string connectionString, EffectLedgerRetention retention)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(retention);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(retention.BatchSize);
        this.connectionString = connectionString;
        this.retention = retention;
    }

    /// <summary>The public folders (S25) in the world's schema, done by the nodes of <paramref name="world"/> (a world on this store).</summary>
    public SimulatedPublicFolders PublicFolders(SimulatedWorld world, TimeProvider time) =>
        new(this, new SqlServerPublicFolderTables(connectionString), world, time);

    /// <summary>The rows the last update through this instance read and wrote, and the statements it ran.</summary>
    public WorldUpdateRows LastUpdateRows { get; private set; } = new(0, 0);

    /// <summary>A whole copy of the world in memory (every row read).</summary>
    public Task<WorldState> ReadAsync(CancellationToken cancellationToken) =>
        ReadAsync(state => WorldStateJson.Deserialize(WorldStateJson.Serialize(state)), cancellationToken);

    /// <summary>Runs the query on whole updates only (see the type's summary); it reads only the rows it looks up.</summary>
    public async Task<T> ReadAsync<T>(Func<WorldState, T> query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = (SqlTransaction)await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await TakeAsync(connection, transaction, ReadLockSql, cancellationToken).ConfigureAwait(false);
                var commands = new SqlServerWorldCommands(connection, transaction);
                var state = new WorldState(new SqlServerWorldRows(commands), () => SqlServerWorldFaults.Load(commands).Faults);
                var result = query(state);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
        }
    }

    /// <summary>The latency of one effect kind, read from its row alone.</summary>
    public async Task<TimeSpan> LatencyOfAsync(EffectKind kind, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new SqlCommand(SqlServerWorldFaults.LatencySql, connection);
            command.Parameters.AddWithValue("@kind", kind.ToString());
            var ticks = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return ticks is long t ? TimeSpan.FromTicks(t) : TimeSpan.Zero;
        }
    }

    public async Task<T> UpdateAsync<T>(Func<WorldState, T> mutate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mutate);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = (SqlTransaction)await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Waiting for the world's lock row is the only wait of an update: done without holding a thread.
                await TakeAsync(connection, transaction, LockSql, cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                var result = Update(new SqlServerWorldCommands(connection, transaction), mutate);

                // Disposing the transaction without this commit (a throwing mutation, a failed write) rolls everything back.
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                return result;
            }
        }
    }

    /// <summary>The lock row's version: it moves with every committed update by any process; null when the database cannot be read now.</summary>
    public async Task<long?> ChangeMarkAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var command = new SqlCommand(ChangeMarkSql, connection);
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
            }
        }
        catch (SqlException)
        {
            return null;
        }
    }

    private static async Task TakeAsync(SqlConnection connection, SqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        using var take = new SqlCommand(sql, connection, transaction);
        var found = sql == LockSql
            ? await take.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1
            : await take.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long;
        if (!found)
        {
            throw new InvalidOperationException("the world's lock row (world.world_lock) is missing; run `orchestrator db migrate`");
        }
    }

    private async Task<SqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private T Update<T>(SqlServerWorldCommands commands, Func<WorldState, T> mutate)
    {
        var rows = new SqlServerWorldRows(commands);
        WorldFaultTables.Stored? storedFaults = null;
        var state = new WorldState(rows, () =>
        {
            storedFaults = SqlServerWorldFaults.Load(commands);
            return storedFaults.Faults.Clone();
        });
        var ledger = new SqlServerEffectLedger(commands);
        state.Ledger = ledger;
        var result = mutate(state);
        ledger.Flush(retention);
        if (state.FaultsLoaded)
        {
            SqlServerWorldFaults.Save(commands, storedFaults ?? new WorldFaultTables.Stored(new WorldFaults(), ""), state.Faults);
        }

        rows.Flush();
        LastUpdateRows = new WorldUpdateRows(rows.RowsRead, rows.RowsWritten) { Statements = commands.Ran };
        return result;
    }
}
