using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Environment.PostgreSql;
using Orchestrator.Environment.SqlServer;
using Orchestrator.Environment.World;
using Orchestrator.Engine.Execution;
using Orchestrator.Host.Composition;
using Orchestrator.Host.Leadership;
using Orchestrator.Host.Runtime;
using Orchestrator.Storage;
using Orchestrator.Storage.Leadership;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Sqlite;
using Orchestrator.Storage.SqlServer;

namespace Orchestrator.Host.Tests;

/// <summary>AddOrchestrator takes its stores from the provider <see cref="OrchestratorOptions.Store"/> names.</summary>
public sealed class StoreCompositionTests
{
    private static ServiceProvider Build(StoreSelection store, string? world = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOrchestrator(new OrchestratorOptions
        {
            DataDirectory = Path.Combine(Path.GetTempPath(), "orch-host-" + Guid.NewGuid().ToString("N")[..8]),
            RunsJobs = true,
            Store = store,
            WorldPath = world,
        });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public async Task ByDefault_TheStoresAreSqlite()
    {
        await using var provider = Build(StoreSelection.Sqlite);
        Assert.IsType<SqliteProcedureStore>(provider.GetRequiredService<IProcedureStore>());
        Assert.IsType<SqliteStoreSchema>(provider.GetRequiredService<IStoreSchema>());
        Assert.IsType<SqliteLeaderStore>(provider.GetRequiredService<ILeaderStore>());
        Assert.True(provider.GetRequiredService<LeaderElectionOptions>().Guarded); // the data directory's runner lock guards the term
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>()); // one runner: its own clock is the only one
    }

    [Fact]
    public async Task WithPostgres_TheStoresArePostgres_OnTheGivenDatabase()
    {
        await using var provider = Build(new StoreSelection(StoreKind.Postgres, "postgres://orch:pw@db1:5433/orchdb"));
        Assert.IsType<PostgresProcedureStore>(provider.GetRequiredService<IProcedureStore>());
        var schema = Assert.IsType<PostgresStoreSchema>(provider.GetRequiredService<IStoreSchema>());
        Assert.Equal("PostgreSQL database orchdb on db1:5433", schema.Description);
        Assert.IsType<PostgresLeaderStore>(provider.GetRequiredService<ILeaderStore>());
        Assert.IsType<PostgresMonitorCounterStore>(provider.GetRequiredService<IMonitorCounterStore>());
        // Runners on other hosts hold their own runner locks: a live term is never taken over, only an expired one.
        Assert.False(provider.GetRequiredService<LeaderElectionOptions>().Guarded);
        // Runners on several hosts judge time by the database's clock (issue 13 point 1).
        Assert.Same(provider.GetRequiredService<StoreClock>(), provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task WithPostgres_TheWorldIsInTheDatabase_UnlessAWorldFileIsNamed()
    {
        await using (var provider = Build(new StoreSelection(StoreKind.Postgres, "postgres://orch:pw@db1:5433/orchdb")))
        {
            Assert.IsType<PostgresWorldStateStore>(provider.GetRequiredService<IWorldStateStore>());
        }

        var file = Path.Combine(Path.GetTempPath(), "orch-host-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        await using (var provider = Build(new StoreSelection(StoreKind.Postgres, "postgres://orch:pw@db1:5433/orchdb"), file))
        {
            Assert.Equal(file, Assert.IsType<SqliteWorldStateStore>(provider.GetRequiredService<IWorldStateStore>()).FilePath);
        }

        await using (var provider = Build(StoreSelection.Sqlite))
        {
            Assert.IsType<SqliteWorldStateStore>(provider.GetRequiredService<IWorldStateStore>());
        }
    }

    [Fact]
    public async Task WithSqlServer_TheWorldIsInTheDatabase_UnlessAWorldFileIsNamed()
    {
        const string connection = "Server=127.0.0.1,1;Database=orchdb;User Id=sa;Password=Secret123;Connect Timeout=1";
        await using (var provider = Build(new StoreSelection(StoreKind.SqlServer, connection)))
        {
            Assert.IsType<SqlServerWorldStateStore>(provider.GetRequiredService<IWorldStateStore>());
            Assert.NotNull(provider.GetRequiredService<SimulatedPublicFolders>());
        }

        var file = Path.Combine(Path.GetTempPath(), "orch-host-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        await using (var provider = Build(new StoreSelection(StoreKind.SqlServer, connection), file))
        {
            Assert.Equal(file, Assert.IsType<SqliteWorldStateStore>(provider.GetRequiredService<IWorldStateStore>()).FilePath);
        }
    }

    [Fact]
    public async Task WithSqlServer_TheStoresAreSqlServer_OnTheGivenDatabase_AndNothingConnects()
    {
        // Nothing listens on port 1: a store that connected while the container is built or resolved would fail here.
        await using var provider = Build(new StoreSelection(StoreKind.SqlServer, "Server=127.0.0.1,1;Database=orchdb;User Id=sa;Password=Secret123;Connect Timeout=1"));
        Assert.IsType<SqlServerProcedureStore>(provider.GetRequiredService<IProcedureStore>());
        var schema = Assert.IsType<SqlServerStoreSchema>(provider.GetRequiredService<IStoreSchema>());
        Assert.Equal("SQL Server database orchdb on 127.0.0.1,1", schema.Description);
        Assert.IsType<SqlServerLeaderStore>(provider.GetRequiredService<ILeaderStore>());
        Assert.IsType<SqlServerMonitorCounterStore>(provider.GetRequiredService<IMonitorCounterStore>());
        Assert.IsType<SqlServerAvailability>(provider.GetRequiredService<IStoreAvailability>());
        Assert.IsType<IntervalWorkSignal>(provider.GetRequiredService<IWorkSignal>()); // short polling: no LISTEN on SQL Server
        Assert.False(provider.GetRequiredService<LeaderElectionOptions>().Guarded);
        Assert.IsType<SqlServerWorldStateStore>(provider.GetRequiredService<IWorldStateStore>()); // the world is in the database, not yet connected
        Assert.NotNull(provider.GetRequiredService<WorkSweeper>());
    }
}
