using Hangfire;
using Hangfire.SqlServer;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Credentials;
using Orchestrator.Storage.Definitions;
using Orchestrator.Storage.Fencing;
using Orchestrator.Storage.Holds;
using Orchestrator.Storage.Leadership;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Replicas;
using Orchestrator.Storage.Users;

namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// The SQL Server provider's registration (issue 13 point 1), the way Hangfire ships its storages: the product's stores on
/// one database, and Hangfire.SqlServer's job storage in the same database under a schema of its own
/// (<see cref="HangfireSchema"/>), polled briefly (SQL Server has no LISTEN/NOTIFY). Nothing connects until a store or the
/// job storage is first used; migrating is <see cref="SqlServerMigrator"/>'s (<c>orchestrator db migrate</c>).
/// </summary>
public static class SqlServerStorageServiceCollectionExtensions
{
    /// <summary>Hangfire's tables live in this schema, apart from the product's (dbo).</summary>
    public const string HangfireSchema = "hangfire";

    /// <summary>How often an idle Hangfire worker polls its queue ("short polling", issue 13 point 3).</summary>
    public static readonly TimeSpan QueuePollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Registers the SQL Server stores on <paramref name="connectionString"/> and Hangfire.SqlServer on the same database.</summary>
    public static IServiceCollection AddSqlServerStorage(this IServiceCollection services, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var connections = new SqlServerConnectionFactory(connectionString);
        services.AddSingleton(connections);
        services.AddSingleton<IStoreSchema, SqlServerStoreSchema>();
        services.AddSingleton<IStoreAvailability, SqlServerAvailability>();
        services.AddSingleton<IProcedureStore, SqlServerProcedureStore>();
        services.AddSingleton<IAuditJournal, SqlServerAuditJournal>();
        services.AddSingleton<IClusterDefinitionStore, SqlServerClusterDefinitionStore>();
        services.AddSingleton<IFailedUserMoveStore, SqlServerFailedUserMoveStore>();
        services.AddSingleton<IReplicaUpdateStore, SqlServerReplicaUpdateStore>();
        services.AddSingleton<ISwitchbackHoldStore, SqlServerSwitchbackHoldStore>();
        services.AddSingleton<IFencedNodeStore, SqlServerFencedNodeStore>();
        services.AddSingleton<IDirectoryCredentialStore, SqlServerDirectoryCredentialStore>();
        services.AddSingleton<ILeaderStore>(sp => SqlServerLeaderStore.Guarded(sp.GetRequiredService<SqlServerConnectionFactory>()));
        services.AddSingleton<IMonitorCounterStore, SqlServerMonitorCounterStore>();
        services.AddSingleton<JobStorage>(_ => CreateJobStorage(connectionString));
        return services;
    }

    /// <summary>Hangfire.SqlServer on the product's database, its schema created when missing, through Microsoft.Data.SqlClient.</summary>
    public static SqlServerStorage CreateJobStorage(string connectionString) => new(connectionString, JobStorageOptions());

    /// <summary>The job storage's options (no connection made): its own schema, short polling, sliding invisibility.</summary>
    public static SqlServerStorageOptions JobStorageOptions() => new()
    {
        SchemaName = HangfireSchema,
        PrepareSchemaIfNecessary = true,
        QueuePollInterval = QueuePollInterval,
        SlidingInvisibilityTimeout = TimeSpan.FromMinutes(5),
        SqlClientFactory = SqlClientFactory.Instance,
    };
}
