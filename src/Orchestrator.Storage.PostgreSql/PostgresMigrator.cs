using DbUp;
using DbUp.Engine;
using Npgsql;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// Applies db/postgres/*.sql (embedded in this assembly) with DbUp, one transaction per script, journaled in
/// <c>schemaversions</c>. Runners migrating at the same time queue on an advisory lock: each script runs once.
/// </summary>
public static class PostgresMigrator
{
    private const string ScriptPrefix = "Orchestrator.Storage.db.postgres.";

    /// <summary>The advisory lock's key ("orchestrator migrations").</summary>
    private const long MigrationLock = 0x6f72_6368_6d69_6772;

    /// <summary>The scripts the database has not run yet, by file name (all of them for an empty database).</summary>
    public static IReadOnlyList<string> Pending(PostgresConnectionFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return [.. Engine(factory).GetScriptsToExecute().Select(s => FileName(s.Name))];
    }

    /// <summary>Applies the missing scripts; the file names of those it ran.</summary>
    public static IReadOnlyList<string> Migrate(PostgresConnectionFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        using var gate = new NpgsqlConnection(factory.ConnectionString);
        gate.Open();
        using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLock})", gate))
        {
            take.ExecuteNonQuery();
        }

        try
        {
            return Upgrade(factory);
        }
        finally
        {
            using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLock})", gate);
            release.ExecuteNonQuery();
        }
    }

    private static IReadOnlyList<string> Upgrade(PostgresConnectionFactory factory)
    {
        var result = Engine(factory).PerformUpgrade();
        if (!result.Successful)
        {
            throw new StorageException($"migrating the {factory.Describe()} failed at {result.ErrorScript?.Name}: {result.Error?.Message}", result.Error);
        }

        return [.. result.Scripts.Select(s => FileName(s.Name))];
    }

    private static UpgradeEngine Engine(PostgresConnectionFactory factory) => DeployChanges.To
        .PostgresqlDatabase(factory.ConnectionString)
        .WithScriptsEmbeddedInAssembly(typeof(PostgresMigrator).Assembly, name => name.StartsWith(ScriptPrefix, StringComparison.Ordinal))
        .WithTransactionPerScript()
        .LogToNowhere()
        .Build();

    private static string FileName(string scriptName) => scriptName[ScriptPrefix.Length..];
}
