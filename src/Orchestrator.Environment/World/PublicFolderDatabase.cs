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

    private readonly WorldFile file;

    public PublicFolderDatabase(string filePath) => file = new WorldFile(filePath);

    /// <summary>The full path of the SQLite file (the world's file).</summary>
    public string FilePath => file.FilePath;

    /// <summary>An open connection to a file whose public-folder tables exist; the caller disposes it.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await file.EnsureCreatedAsync(CreateSchemaAsync, cancellationToken).ConfigureAwait(false);
        return await file.ConnectAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Like <see cref="OpenAsync"/>, for a write: the connection holds the file's write gate until it is disposed.</summary>
    public async Task<SqliteConnection> OpenWriteAsync(CancellationToken cancellationToken)
    {
        await file.EnsureCreatedAsync(CreateSchemaAsync, cancellationToken).ConfigureAwait(false);
        return await file.ConnectForWriteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task CreateSchemaAsync(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var create = connection.CreateCommand();
        create.Transaction = transaction;
        create.CommandText = Schema;
        await create.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
