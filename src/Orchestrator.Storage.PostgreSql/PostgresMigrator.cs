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

    public static void Migrate(PostgresConnectionFactory factory)
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
            Upgrade(factory);
        }
        finally
        {
            using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLock})", gate);
            release.ExecuteNonQuery();
        }
    }

    private static void Upgrade(PostgresConnectionFactory factory)
    {
        UpgradeEngine upgrader = DeployChanges.To
            .PostgresqlDatabase(factory.ConnectionString)
            .WithScriptsEmbeddedInAssembly(typeof(PostgresMigrator).Assembly, name => name.StartsWith(ScriptPrefix, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();
        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            throw new StorageException($"migrating the {factory.Describe()} failed at {result.ErrorScript?.Name}: {result.Error?.Message}", result.Error);
        }
    }
}
