
namespace Orchestrator.Storage.Sqlite;

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

    /// <summary>Creates the directory and database if needed and applies migrations; the file names of those it ran.</summary>
    public IReadOnlyList<string> EnsureCreated()
    {
        Directory.CreateDirectory(DataDirectory);
        CheckReadable();
        return SqliteMigrator.Migrate(Connections);
    }

    /// <summary>True when the file exists and holds something (an empty file is what an interrupted first start leaves).</summary>
    public bool HoldsData => Exists && new FileInfo(Connections.DatabasePath).Length > 0;

    /// <summary>Fails with a <see cref="StorageException"/> when the file is not a usable SQLite database.</summary>
    public void CheckReadable() => SqliteFileCheck.EnsureUsable(Connections.DatabasePath, "database");
}
