using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Definitions;
using Orchestrator.Storage.Holds;
using Orchestrator.Storage.Leadership;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Replicas;
using Orchestrator.Storage.Users;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>The production provider: the product's tables and Hangfire.PostgreSql in one PostgreSQL database.</summary>
public static class PostgreSqlStorageServiceCollectionExtensions
{
    /// <summary>Hangfire's tables live in their own schema beside the product's.</summary>
    public const string HangfireSchema = "hangfire";

    /// <summary>Registers the PostgreSQL stores on <paramref name="connectionString"/> and Hangfire.PostgreSql on the same database.</summary>
    public static IServiceCollection AddPostgreSqlStorage(this IServiceCollection services, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        connectionString = ConnectionStrings.ForNpgsql(connectionString);
        services.AddSingleton(_ => new PostgresConnectionFactory(connectionString));
        services.AddSingleton<IStoreSchema, PostgresStoreSchema>();
        services.AddSingleton<IProcedureStore, PostgresProcedureStore>();
        services.AddSingleton<IAuditJournal, PostgresAuditJournal>();
        services.AddSingleton<IClusterDefinitionStore, PostgresClusterDefinitionStore>();
        services.AddSingleton<IFailedUserMoveStore, PostgresFailedUserMoveStore>();
        services.AddSingleton<IReplicaUpdateStore, PostgresReplicaUpdateStore>();
        services.AddSingleton<ISwitchbackHoldStore, PostgresSwitchbackHoldStore>();
        services.AddSingleton<ILeaderStore, PostgresLeaderStore>();
        services.AddSingleton<IMonitorCounterStore, PostgresMonitorCounterStore>();
        services.AddSingleton<JobStorage>(_ => CreateJobStorage(connectionString));
        return services;
    }

    private static PostgreSqlStorage CreateJobStorage(string connectionString)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = HangfireSchema,
            PrepareSchemaIfNecessary = true,
            // Without it a job running longer than InvisibilityTimeout is fetched again while the first still runs
            // (Hangfire.PostgreSql's issues #130 and #209). The product's fenced claims stay the guard either way.
            UseSlidingInvisibilityTimeout = true,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }
}
