using Microsoft.Data.Sqlite;

namespace Orchestrator.Environment.World;

/// <summary>
/// S25: the public-folder tables of the world's SQLite file. They live beside the world's JSON row, not in it, so
/// hundreds of thousands of folders stay cheap to read and write. Connections are pooled and opened with the world
/// store's settings (WAL journal, synchronous=FULL, 60 s busy timeout); the tables are created once per instance.
/// </summary>
internal sealed class PublicFolderDatabase
{
    private const string Schema =
        """
        CREATE TABLE IF NOT EXISTS public_folders (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            writes INTEGER NOT NULL DEFAULT 0,
            changes INTEGER NOT NULL DEFAULT 0,
            failures INTEGER NOT NULL DEFAULT 0,
            fail_next INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS public_folder_replicas (
            server TEXT NOT NULL COLLATE NOCASE,
            folder_id INTEGER NOT NULL,
            PRIMARY KEY (server, folder_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS public_folder_replicas_by_folder ON public_folder_replicas (folder_id);
        """;

    private readonly string connectionString;
    private readonly SemaphoreSlim initGate = new(1, 1);
    private volatile bool initialized;

    public PublicFolderDatabase(string filePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        FilePath = Path.GetFullPath(filePath);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = (int)SqliteWorldStateStore.BusyTimeout.TotalSeconds,
        }.ToString();
    }

    /// <summary>The full path of the SQLite file (the world's file).</summary>
    public string FilePath { get; }

    /// <summary>An open connection to a file whose public-folder tables exist; the caller disposes it.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return await ConnectAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText =
                $"PRAGMA busy_timeout = {(int)SqliteWorldStateStore.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
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

            var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using (var wal = connection.CreateCommand())
                {
                    // journal_mode is persistent in the file; setting it again is harmless.
                    wal.CommandText = "PRAGMA journal_mode = WAL;";
                    await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                }

                using var transaction = connection.BeginTransaction(deferred: false);
                using var create = connection.CreateCommand();
                create.Transaction = transaction;
                create.CommandText = Schema;
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
