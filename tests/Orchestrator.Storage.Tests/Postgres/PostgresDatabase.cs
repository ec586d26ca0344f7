using Orchestrator.Storage.PostgreSql;

namespace Orchestrator.Storage.Tests.Postgres;

/// <summary>
/// A fresh database on the process's PostgreSQL cluster, for one test (class), its pool closed afterwards: migrated (a copy
/// of one database migrated once per process), or empty.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private static readonly Lazy<Task<string>> Migrated = new(MigrateTemplateAsync);

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
        var server = await PostgresTests.ServerAsync();
        return new PostgresDatabase(await server.CreateDatabaseAsync(migrate ? await Migrated.Value : null));
    }

    /// <summary>
    /// Leases, due times, audit rows' and heartbeats' instants in this database follow the caller's clock (the time each
    /// store call is given), as on SQLite, instead of the database's: for the store contracts, whose cases simulate time.
    /// Production's <c>lease_clock</c> is the database's now() (PostgresLeaseClockTests, PostgresDatabaseClockTests).
    /// </summary>
    public async Task UseCallerClockAsync()
    {
        await using var connection = await Connections.OpenAsync(CancellationToken.None);
        await using var command = new Npgsql.NpgsqlCommand(
            "CREATE OR REPLACE FUNCTION lease_clock(caller_now timestamptz) RETURNS timestamptz LANGUAGE sql STABLE AS $$ SELECT caller_now $$", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The migrated template: no pooled connection may stay open on it (a copy needs it unused).</summary>
    private static async Task<string> MigrateTemplateAsync()
    {
        var server = await PostgresTests.ServerAsync();
        var template = new Npgsql.NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync()) { Pooling = false }.ConnectionString;
        await using (var connections = new PostgresConnectionFactory(template))
        {
            PostgresMigrator.Migrate(connections);
        }

        return template;
    }

    public ValueTask DisposeAsync() => Connections.DisposeAsync();
}
