using Npgsql;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Environment.Tests.World.Stores;

/// <summary>A fresh migrated database of the process's PostgreSQL cluster per test (a copy of one migrated once per process); null when the binaries are missing.</summary>
internal static class PostgresWorldDatabase
{
    private static readonly Lazy<Task<string>> Migrated = new(MigrateTemplateAsync);

    public static async Task<string?> CreateAsync()
    {
        if (PostgresServer.MissingReason is not null)
        {
            return null;
        }

        var server = await PostgresServer.GetAsync();
        return await server.CreateDatabaseAsync(await Migrated.Value);
    }

    /// <summary>One database migrated once per process; each case copies it (so it must be left without connections).</summary>
    private static async Task<string> MigrateTemplateAsync()
    {
        var server = await PostgresServer.GetAsync();
        var template = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync()) { Pooling = false }.ConnectionString;
        await using (var connections = new PostgresConnectionFactory(template))
        {
            PostgresMigrator.Migrate(connections);
        }

        return template;
    }
}
