using Microsoft.Data.Sqlite;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage;

/// <summary>Locates, opens and migrates the product's database in a data directory.</summary>
public sealed class OrchestratorDatabase
{
    public const string FileName = "orchestrator.db";

    public OrchestratorDatabase(string dataDirectory)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        Connections = new SqliteConnectionFactory(Path.Combine(DataDirectory, FileName));
    }

    public string DataDirectory { get; }

    public SqliteConnectionFactory Connections { get; }

    public bool Exists => File.Exists(Connections.DatabasePath);

    /// <summary>Creates the directory and database if needed and applies migrations.</summary>
    public void EnsureCreated()
    {
        Directory.CreateDirectory(DataDirectory);
        CheckReadable();
        SqliteMigrator.Migrate(Connections);
    }

    /// <summary>Fails with a <see cref="StorageException"/> when the file is not a usable SQLite database.</summary>
    public void CheckReadable()
    {
        if (!Exists)
        {
            return;
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = Connections.DatabasePath,
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
            }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check;";
            var result = command.ExecuteScalar() as string;
            if (!string.Equals(result, "ok", StringComparison.OrdinalIgnoreCase))
            {
                throw new StorageException($"database {Connections.DatabasePath} is damaged ({result}); restore it from a backup or move it aside and re-apply the cluster definition");
            }
        }
        catch (SqliteException e)
        {
            throw new StorageException($"database {Connections.DatabasePath} is not a usable orchestrator database ({e.Message}); restore it from a backup or move it aside and re-apply the cluster definition", e);
        }
    }
}
