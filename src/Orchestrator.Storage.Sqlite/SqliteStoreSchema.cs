namespace Orchestrator.Storage.Sqlite;

/// <summary>orchestrator.db's migrations: a missing or empty file lacks them all and is not created by a check.</summary>
public sealed class SqliteStoreSchema(OrchestratorDatabase database) : IStoreSchema
{
    public string Description => $"SQLite database {database.Connections.DatabasePath}";

    public IReadOnlyList<string> PendingMigrations()
    {
        if (!database.HoldsData)
        {
            return SqliteMigrator.AllScripts();
        }

        database.CheckReadable();
        return SqliteMigrator.Pending(database.Connections);
    }

    public IReadOnlyList<string> Migrate() => database.EnsureCreated();
}
