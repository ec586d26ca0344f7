using DbUp;
using DbUp.Engine;
using Microsoft.Data.SqlClient;

namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// Applies db/sqlserver/*.sql (embedded in this assembly) with DbUp, one transaction per script, journaled in
/// <c>dbo.schemaversions</c>. Runners migrating at the same time queue on an application lock (<c>sp_getapplock</c>,
/// owned by a session of its own): each script runs once.
/// </summary>
public static class SqlServerMigrator
{
    private const string ScriptPrefix = "Orchestrator.Storage.db.sqlserver.";

    /// <summary>The application lock's resource name.</summary>
    private const string MigrationLock = "orchestrator migrations";

    /// <summary>The scripts the database has not run yet, by file name (all of them for an empty database).</summary>
    public static IReadOnlyList<string> Pending(SqlServerConnectionFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        try
        {
            return [.. Engine(factory).GetScriptsToExecute().Select(s => FileName(s.Name))];
        }
        catch (NotSupportedException e)
        {
            throw factory.Unsupported(e);
        }
    }

    /// <summary>Applies the missing scripts; the file names of those it ran.</summary>
    public static IReadOnlyList<string> Migrate(SqlServerConnectionFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        using var gate = new SqlConnection(factory.ConnectionString);
        try
        {
            gate.Open();
        }
        catch (NotSupportedException e)
        {
            throw factory.Unsupported(e);
        }

        using (var take = new SqlCommand("sp_getapplock", gate) { CommandType = System.Data.CommandType.StoredProcedure, CommandTimeout = 0 })
        {
            take.Parameters.AddWithValue("@Resource", MigrationLock);
            take.Parameters.AddWithValue("@LockMode", "Exclusive");
            take.Parameters.AddWithValue("@LockOwner", "Session");
            take.Parameters.AddWithValue("@LockTimeout", -1);
            var result = take.Parameters.Add("@Result", System.Data.SqlDbType.Int);
            result.Direction = System.Data.ParameterDirection.ReturnValue;
            take.ExecuteNonQuery();
            if ((int)result.Value < 0)
            {
                throw new StorageException($"migrating the {factory.Describe()}: the migration lock was not granted (sp_getapplock returned {result.Value})");
            }
        }

        try
        {
            return Upgrade(factory);
        }
        finally
        {
            using var release = new SqlCommand("sp_releaseapplock", gate) { CommandType = System.Data.CommandType.StoredProcedure };
            release.Parameters.AddWithValue("@Resource", MigrationLock);
            release.Parameters.AddWithValue("@LockOwner", "Session");
            release.ExecuteNonQuery();
        }
    }

    private static IReadOnlyList<string> Upgrade(SqlServerConnectionFactory factory)
    {
        var result = Engine(factory).PerformUpgrade();
        if (!result.Successful)
        {
            throw new StorageException($"migrating the {factory.Describe()} failed at {result.ErrorScript?.Name}: {result.Error?.Message}", result.Error);
        }

        return [.. result.Scripts.Select(s => FileName(s.Name))];
    }

    private static UpgradeEngine Engine(SqlServerConnectionFactory factory) => DeployChanges.To
        .SqlDatabase(factory.ConnectionString)
        .WithScriptsEmbeddedInAssembly(typeof(SqlServerMigrator).Assembly, name => name.StartsWith(ScriptPrefix, StringComparison.Ordinal))
        .JournalToSqlTable("dbo", "schemaversions")
        .WithTransactionPerScript()
        .LogToNowhere()
        .Build();

    private static string FileName(string scriptName) => scriptName[ScriptPrefix.Length..];
}
