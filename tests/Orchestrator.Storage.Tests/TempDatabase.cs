using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests;

/// <summary>A real, migrated SQLite file in a temporary directory, deleted afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "orch-storage-" + Guid.NewGuid().ToString("N")[..8]);
        Database = new OrchestratorDatabase(Directory);
        Database.EnsureCreated();
    }

    public string Directory { get; }

    public OrchestratorDatabase Database { get; }

    public SqliteConnectionFactory Connections => Database.Connections;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
