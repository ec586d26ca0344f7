using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Definitions;
using Orchestrator.Storage.Holds;
using Orchestrator.Storage.Leadership;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Replicas;
using Orchestrator.Storage.SqlServer;
using Orchestrator.Storage.Users;

namespace Orchestrator.Storage.Tests.SqlServer;

/// <summary>AddSqlServerStorage, without a server: every store is SQL Server's, and Hangfire.SqlServer keeps its tables in a schema of its own.</summary>
public sealed class SqlServerStorageRegistrationTests
{
    private const string Connection = "Server=db1;Database=orch;User ID=sa;Password=unused";

    [Fact]
    public void EveryStore_IsTheSqlServerOne_AndNothingConnectsUntilUsed()
    {
        using var services = new ServiceCollection().AddSqlServerStorage(Connection).BuildServiceProvider();
        Assert.IsType<SqlServerProcedureStore>(services.GetRequiredService<IProcedureStore>());
        Assert.IsType<SqlServerAuditJournal>(services.GetRequiredService<IAuditJournal>());
        Assert.IsType<SqlServerClusterDefinitionStore>(services.GetRequiredService<IClusterDefinitionStore>());
        Assert.IsType<SqlServerFailedUserMoveStore>(services.GetRequiredService<IFailedUserMoveStore>());
        Assert.IsType<SqlServerReplicaUpdateStore>(services.GetRequiredService<IReplicaUpdateStore>());
        Assert.IsType<SqlServerSwitchbackHoldStore>(services.GetRequiredService<ISwitchbackHoldStore>());
        Assert.IsType<SqlServerLeaderStore>(services.GetRequiredService<ILeaderStore>());
        Assert.IsType<SqlServerMonitorCounterStore>(services.GetRequiredService<IMonitorCounterStore>());
        Assert.IsType<SqlServerAvailability>(services.GetRequiredService<IStoreAvailability>());
        Assert.Equal("SQL Server database orch on db1", Assert.IsType<SqlServerStoreSchema>(services.GetRequiredService<IStoreSchema>()).Description);
        Assert.Equal(Connection, services.GetRequiredService<SqlServerConnectionFactory>().ConnectionString);
    }

    [Fact]
    public void TheJobStorage_IsHangfireSqlServer_InItsOwnSchema_ThroughMicrosoftDataSqlClient_PollingBriefly()
    {
        var services = new ServiceCollection().AddSqlServerStorage(Connection);
        Assert.Single(services, d => d.ServiceType == typeof(JobStorage));
        var options = SqlServerStorageServiceCollectionExtensions.JobStorageOptions();
        Assert.Equal("hangfire", options.SchemaName);
        Assert.Same(Microsoft.Data.SqlClient.SqlClientFactory.Instance, options.SqlClientFactory);
        Assert.True(options.QueuePollInterval <= TimeSpan.FromSeconds(1));
        Assert.NotNull(options.SlidingInvisibilityTimeout);
    }
}
