using Orchestrator.Environment.SqlServer;
using Orchestrator.Environment.World;
using Orchestrator.Storage.SqlServer;
using Orchestrator.Testing.SqlServer;

namespace Orchestrator.Environment.Tests.World.Stores;

/// <summary>
/// The shared world's contract in SQL Server (schema world, made by db/sqlserver's migrations), each case on a fresh
/// migrated database of the server ORCHESTRATOR_SQLSERVER names (dropped afterwards); skipped, with that reason, when
/// it names none (SQL Server cannot run on the project's machines).
/// </summary>
public sealed class SqlServerWorldStoreContractTests : WorldStoreContract, IAsyncLifetime
{
    private SqlServerDatabase? database;

    public async Task InitializeAsync()
    {
        if (SqlServerDatabase.MissingReason is null)
        {
            database = await SqlServerDatabase.CreateAsync();
            SqlServerMigrator.Migrate(new SqlServerConnectionFactory(database.ConnectionString));
        }
    }

    public async Task DisposeAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    protected override IWorldStateStore CreateStore()
    {
        Skip.If(database is null, SqlServerDatabase.MissingReason);
        return new SqlServerWorldStateStore(database!.ConnectionString);
    }

    protected override SimulatedPublicFolders PublicFolders(IWorldStateStore store, SimulatedWorld world) =>
        ((SqlServerWorldStateStore)store).PublicFolders(world, Time);
}
