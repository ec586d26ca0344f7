using Microsoft.Data.Sqlite;

namespace Orchestrator.Environment.World;

/// <summary>
/// The world's SQLite file as every part of the world opens it: pooled connections with a 60 s busy timeout and
/// synchronous=FULL, WAL journal, and a schema created once per instance inside BEGIN IMMEDIATE (so several processes
/// may create it at the same time). The world's updates (<see cref="WriteAsync{T}"/>) run on one connection this
/// instance keeps open, with its prepared statements (<see cref="WorldCommands"/>), used only while the file's
/// <see cref="WorldWriteGate"/> is held.
/// </summary>
internal sealed class WorldFile : IDisposable
{
    private readonly string connectionString;
    private readonly SemaphoreSlim initGate = new(1, 1);
    private volatile bool initialized;

    /// <summary>The kept write connection; read and replaced only while the write gate is held.</summary>
    private KeptConnection? kept;

    public WorldFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = (int)SqliteWorldStateStore.BusyTimeout.TotalSeconds,
        }.ToString();
    }

    public string FilePath { get; }

    /// <summary>Opens a connection with the world's settings; the caller disposes it.</summary>
    public Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken) =>
        ConnectAsync(new SqliteConnection(connectionString), cancellationToken);

    /// <summary>
    /// Opens a connection for a write transaction: waits for the file's <see cref="WorldWriteGate"/> first; disposing
    /// the connection (after the commit or rollback) releases the gate.
    /// </summary>
    public async Task<SqliteConnection> ConnectForWriteAsync(CancellationToken cancellationToken)
    {
        var gate = await WorldWriteGate.EnterAsync(FilePath, cancellationToken).ConfigureAwait(false);

        // A connection that fails to open is disposed inside, which releases the gate.
        return await ConnectAsync(new GatedWorldConnection(connectionString, gate), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="write"/> (which opens and ends its own transaction) on the kept write connection, holding
    /// the file's write gate. The connection is opened on first use and dropped after a SQLite error (the next write
    /// opens another). With the gate switched off (a measurement switch) concurrent writers may not share a connection,
    /// so each write gets a pooled one and prepares its statements anew.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, WorldCommands, T> write, CancellationToken cancellationToken)
    {
        var gate = await WorldWriteGate.EnterAsync(FilePath, cancellationToken).ConfigureAwait(false);
        if (gate is null)
        {
            var pooled = await ConnectAsync(new SqliteConnection(connectionString), cancellationToken).ConfigureAwait(false);
            await using (pooled.ConfigureAwait(false))
            {
                using var commands = new WorldCommands(pooled, cached: false);
                return write(pooled, commands);
            }
        }

        try
        {
            var connection = kept ??= new KeptConnection(
                await ConnectAsync(new SqliteConnection(connectionString), cancellationToken).ConfigureAwait(false));
            try
            {
                return write(connection.Connection, connection.Commands);
            }
            catch (SqliteException)
            {
                kept = null;
                connection.Dispose();
                throw;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<SqliteConnection> ConnectAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = $"PRAGMA busy_timeout = {(int)SqliteWorldStateStore.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Once per instance: creates the directory, sets WAL and runs <paramref name="schema"/> in one write transaction.</summary>
    public async Task EnsureCreatedAsync(Func<SqliteConnection, SqliteTransaction, Task> schema, CancellationToken cancellationToken)
    {
        if (initialized)
        {
            return;
        }

        await initGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (initialized)
            {
                return;
            }

            var directory = Path.GetDirectoryName(FilePath);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var connection = await ConnectForWriteAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using (var wal = connection.CreateCommand())
                {
                    // journal_mode is persistent in the file; setting it again is harmless.
                    wal.CommandText = "PRAGMA journal_mode = WAL;";
                    await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                }

                using var transaction = connection.BeginTransaction(deferred: false);
                await schema(connection, transaction).ConfigureAwait(false);
                transaction.Commit();
            }

            initialized = true;
        }
        finally
        {
            initGate.Release();
        }
    }

    /// <summary>
    /// Closes the kept write connection (waiting for a write in flight); a later write opens another. Without it the
    /// connection stays open until the process ends, after the pool's connections closed, and SQLite's checkpoint at
    /// the last close would be left to the next process that opens the file.
    /// </summary>
    public void Dispose()
    {
        var gate = WorldWriteGate.EnterAsync(FilePath, CancellationToken.None).GetAwaiter().GetResult();
        try
        {
            kept?.Dispose();
            kept = null;
        }
        finally
        {
            gate?.Release();
        }
    }

    /// <summary>The kept write connection and the commands prepared on it.</summary>
    private sealed class KeptConnection(SqliteConnection connection) : IDisposable
    {
        public SqliteConnection Connection { get; } = connection;

        public WorldCommands Commands { get; } = new(connection, cached: true);

        public void Dispose()
        {
            Commands.Dispose();
            Connection.Dispose();
        }
    }
}
