using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Credentials;
using Orchestrator.Storage.Definitions;
using Orchestrator.Storage.Fencing;
using Orchestrator.Storage.Hangfire;
using Orchestrator.Storage.Holds;
using Orchestrator.Storage.Leadership;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Replicas;
using Orchestrator.Storage.Users;

namespace Orchestrator.Storage.Sqlite;

/// <summary>The embedded provider: orchestrator.db in the data directory, Hangfire in memory.</summary>
public static class SqliteStorageServiceCollectionExtensions
{
    /// <summary>Registers the SQLite stores of <paramref name="dataDirectory"/> and Hangfire.InMemory (the sweeper rebuilds its queue after a crash).</summary>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, string dataDirectory)
    {
        var database = new OrchestratorDatabase(dataDirectory);
        services.AddSingleton(database);
        services.AddSingleton(database.Connections);
        services.AddSingleton<IStoreSchema>(new SqliteStoreSchema(database));
        services.AddSingleton<IProcedureStore, SqliteProcedureStore>();
        services.AddSingleton<IAuditJournal, SqliteAuditJournal>();
        services.AddSingleton<IClusterDefinitionStore, SqliteClusterDefinitionStore>();
        services.AddSingleton<IFailedUserMoveStore, SqliteFailedUserMoveStore>();
        services.AddSingleton<IReplicaUpdateStore, SqliteReplicaUpdateStore>();
        services.AddSingleton<ISwitchbackHoldStore, SqliteSwitchbackHoldStore>();
        services.AddSingleton<IFencedNodeStore, SqliteFencedNodeStore>();
        services.AddSingleton<IDirectoryCredentialStore, SqliteDirectoryCredentialStore>();
        services.AddSingleton<ILeaderStore, SqliteLeaderStore>();
        services.AddSingleton<IMonitorCounterStore, SqliteMonitorCounterStore>();
        services.AddSingleton<JobStorage>(_ => HangfireStorageFactory.Create(JobStorageProvider.InMemory));
        return services;
    }
}
