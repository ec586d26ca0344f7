using DbUp;
using DbUp.Engine;

namespace Orchestrator.Storage.Sqlite;

/// <summary>Applies db/sqlite/*.sql (embedded in this assembly) with DbUp, one transaction per script.</summary>
public static class SqliteMigrator
{
    private const string ScriptPrefix = "Orchestrator.Storage.db.sqlite.";

    /// <summary>Every script this provider has, by file name, in order.</summary>
    public static IReadOnlyList<string> AllScripts() =>
        [.. typeof(SqliteMigrator).Assembly.GetManifestResourceNames().Where(n => n.StartsWith(ScriptPrefix, StringComparison.Ordinal)).Select(FileName).Order(StringComparer.Ordinal)];

    /// <summary>The scripts an existing database has not run yet.</summary>
    public static IReadOnlyList<string> Pending(SqliteConnectionFactory factory) =>
        [.. Engine(factory).GetScriptsToExecute().Select(s => FileName(s.Name))];

    /// <summary>Applies the missing scripts; the file names of those it ran.</summary>
    public static IReadOnlyList<string> Migrate(SqliteConnectionFactory factory)
    {
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(factory.ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            command.ExecuteNonQuery();
        }

        var result = Engine(factory).PerformUpgrade();
        if (!result.Successful)
        {
            throw new StorageException($"migrating {factory.DatabasePath} failed at {result.ErrorScript?.Name}: {result.Error?.Message}", result.Error);
        }

        return [.. result.Scripts.Select(s => FileName(s.Name))];
    }

    private static UpgradeEngine Engine(SqliteConnectionFactory factory) => DeployChanges.To
        .SqliteDatabase(factory.ConnectionString)
        .WithScriptsEmbeddedInAssembly(typeof(SqliteMigrator).Assembly, name => name.StartsWith(ScriptPrefix, StringComparison.Ordinal))
        .WithTransactionPerScript()
        .LogToNowhere()
        .Build();

    private static string FileName(string scriptName) => scriptName[ScriptPrefix.Length..];
}
