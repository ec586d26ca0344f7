using Orchestrator.Environment.PostgreSql;
using Orchestrator.Environment.World;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Environment.Tests.World.Stores;

/// <summary>
/// The shared world's contract in PostgreSQL (schema world, made by db/postgres's migrations), each case on a fresh
/// migrated database of the process's cluster; skipped, with the reason, when PostgreSQL's binaries are missing.
/// </summary>
public sealed class PostgresWorldStoreContractTests : WorldStoreContract, IAsyncLifetime
{
    private string? connectionString;

    public async Task InitializeAsync() => connectionString = await PostgresWorldDatabase.CreateAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    protected override IWorldStateStore CreateStore()
    {
        Skip.If(connectionString is null, PostgresServer.MissingReason);
        return new PostgresWorldStateStore(connectionString!);
    }

    protected override SimulatedPublicFolders PublicFolders(IWorldStateStore store, SimulatedWorld world) =>
        ((PostgresWorldStateStore)store).PublicFolders(world, Time);
}
