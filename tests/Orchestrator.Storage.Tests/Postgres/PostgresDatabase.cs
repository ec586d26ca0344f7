using Orchestrator.Storage.PostgreSql;

namespace Orchestrator.Storage.Tests.Postgres;

/// <summary>A fresh, migrated database on the process's PostgreSQL cluster, for one test (class); its pool closed afterwards.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private PostgresDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        Connections = new PostgresConnectionFactory(connectionString);
    }

    public string ConnectionString { get; }

    public PostgresConnectionFactory Connections { get; }

    /// <summary>Skips the calling test (with the reason) when PostgreSQL's binaries are missing.</summary>
    public static async Task<PostgresDatabase> CreateAsync(bool migrate = true)
    {
        var db = new PostgresDatabase(await PostgresTests.CreateDatabaseAsync());
        if (migrate)
        {
            PostgresMigrator.Migrate(db.Connections);
        }

        return db;
    }

    public ValueTask DisposeAsync() => Connections.DisposeAsync();
}
