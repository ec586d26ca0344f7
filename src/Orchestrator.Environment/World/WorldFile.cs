using Microsoft.Data.Sqlite;

namespace Orchestrator.Environment.World;

/// <summary>
/// The world's SQLite file as every part of the world opens it: pooled connections with a 60 s busy timeout and
/// synchronous=FULL, WAL journal, and a schema created once per instance inside BEGIN IMMEDIATE (so several processes
/// may create it at the same time).
/// </summary>
internal sealed class WorldFile
{
    private readonly string connectionString;
    private readonly SemaphoreSlim initGate = new(1, 1);
    private volatile bool initialized;

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
}
