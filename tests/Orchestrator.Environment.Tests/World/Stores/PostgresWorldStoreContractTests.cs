using Npgsql;
using Orchestrator.Environment.PostgreSql;
using Orchestrator.Environment.World;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Environment.Tests.World.Stores;

/// <summary>
/// The shared world's contract in PostgreSQL (schema world, made by db/postgres's migrations), each case on a fresh
/// migrated database of the process's cluster; skipped, with the reason, when PostgreSQL's binaries are missing.
/// </summary>
public sealed class PostgresWorldStoreContractTests : WorldStoreContract, IAsyncLifetime
{
    private static readonly Lazy<Task<string>> Migrated = new(MigrateTemplateAsync);

    private string? connectionString;

    public async Task InitializeAsync()
    {
        if (PostgresServer.MissingReason is null)
        {
            var server = await PostgresServer.GetAsync();
            connectionString = await server.CreateDatabaseAsync(await Migrated.Value);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    protected override IWorldStateStore CreateStore()
    {
        Skip.If(connectionString is null, PostgresServer.MissingReason);
        return new PostgresWorldStateStore(connectionString!);
    }

    protected override SimulatedPublicFolders PublicFolders(IWorldStateStore store, SimulatedWorld world) =>
        ((PostgresWorldStateStore)store).PublicFolders(world, Time);

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
