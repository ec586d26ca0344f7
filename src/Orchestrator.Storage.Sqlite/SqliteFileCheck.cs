using Microsoft.Data.Sqlite;

namespace Orchestrator.Storage.Sqlite;

/// <summary>Checks, read-only and without changing a byte, that a file is a usable SQLite database.</summary>
public static class SqliteFileCheck
{
    /// <summary>Throws a <see cref="StorageException"/> naming the file and the fix; a missing file passes.</summary>
    public static void EnsureUsable(string path, string what)
    {
        if (!File.Exists(path))
        {
            return;
        }

        var fix = "restore it from a backup, or move it aside and re-apply the cluster definition";
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWrite, // not ReadOnly: a read-only WAL reader leaves -wal/-shm files behind
                Pooling = false,
            }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check;";
            var result = command.ExecuteScalar() as string;
            if (!string.Equals(result, "ok", StringComparison.OrdinalIgnoreCase))
            {
                throw new StorageException($"{what} {path} is damaged ({result}); {fix}");
            }
        }
        catch (SqliteException e)
        {
            throw new StorageException($"{what} {path} is not a usable SQLite database ({e.Message}); {fix}", e);
        }
    }
}
