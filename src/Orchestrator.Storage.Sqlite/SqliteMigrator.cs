using DbUp;
using DbUp.Engine;

namespace Orchestrator.Storage.Sqlite;

/// <summary>Applies db/sqlite/*.sql (embedded in this assembly) with DbUp, one transaction per script.</summary>
public static class SqliteMigrator
{
    private const string ScriptPrefix = "Orchestrator.Storage.db.sqlite.";

    public static void Migrate(SqliteConnectionFactory factory)
    {
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(factory.ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            command.ExecuteNonQuery();
        }

        UpgradeEngine upgrader = DeployChanges.To
            .SqliteDatabase(factory.ConnectionString)
            .WithScriptsEmbeddedInAssembly(typeof(SqliteMigrator).Assembly, name => name.StartsWith(ScriptPrefix, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();
        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            throw new StorageException($"migrating {factory.DatabasePath} failed at {result.ErrorScript?.Name}: {result.Error?.Message}", result.Error);
        }
    }
}
