using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.States;
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
        services.AddSingleton<IStoreAvailability, PostgresAvailability>();
        services.AddSingleton<IProcedureStore, PostgresProcedureStore>();
        services.AddSingleton<IAuditJournal, PostgresAuditJournal>();
        services.AddSingleton<IClusterDefinitionStore, PostgresClusterDefinitionStore>();
        services.AddSingleton<IFailedUserMoveStore, PostgresFailedUserMoveStore>();
        services.AddSingleton<IReplicaUpdateStore, PostgresReplicaUpdateStore>();
        services.AddSingleton<ISwitchbackHoldStore, PostgresSwitchbackHoldStore>();
        services.AddSingleton<IFencedNodeStore, PostgresFencedNodeStore>();
        services.AddSingleton<IDirectoryCredentialStore, PostgresDirectoryCredentialStore>();
        // Guarded: the advisory lock and terms in database time (PostgresLeaderStore).
        services.AddSingleton<ILeaderStore>(sp => PostgresLeaderStore.Guarded(sp.GetRequiredService<PostgresConnectionFactory>()));
        services.AddSingleton<IMonitorCounterStore, PostgresMonitorCounterStore>();
        services.AddSingleton<IWorkSignal, PostgresWorkSignal>();
        services.AddSingleton<JobStorage>(_ => CreateJobStorage(connectionString, JobStorageOptions()));
        return services;
    }

    /// <summary>
    /// The options the product gives Hangfire.PostgreSql: its own schema, a sliding invisibility timeout, and long
    /// polling, so that an idle worker wakes on a new job at once instead of at its next 15-s queue poll.
    /// </summary>
    public static PostgreSqlStorageOptions JobStorageOptions() => new()
    {
        SchemaName = HangfireSchema,
        PrepareSchemaIfNecessary = true,
        // Without it a job running longer than InvisibilityTimeout is fetched again while the first still runs
        // (Hangfire.PostgreSql's issues #130 and #209). The product's fenced claims stay the guard either way.
        UseSlidingInvisibilityTimeout = true,
        // LISTEN/NOTIFY on new jobs (PostgreSQL 11 and up): enqueueing wakes a waiting worker in any process, where
        // the default QueuePollInterval (15 s) would leave a job enqueued by another runner or the CLI waiting.
        EnableLongPolling = true,
        // The backstop for a NOTIFY that came before the gated fetcher listened again (GatedJobQueueProvider): with
        // one fetching worker per process, a poll a second costs less than 24 workers' polls every 15 s did.
        QueuePollInterval = QueuePoll,
    };

    /// <summary>How often a process's fetching worker reads the queue without a NOTIFY.</summary>
    public static readonly TimeSpan QueuePoll = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many of a process's Hangfire workers wait on the queue at once (<see cref="GatedJobQueueProvider"/>); the others
    /// wait in the process, so a NOTIFY wakes one worker per runner instead of every idle one.
    /// </summary>
    public const int FetchingWorkers = 1;

    /// <summary>Hangfire.PostgreSql on <paramref name="connectionString"/> with <paramref name="options"/> (the product's: <see cref="JobStorageOptions"/>).</summary>
    public static PostgreSqlStorage CreateJobStorage(string connectionString, PostgreSqlStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(PostgresConnectionDefaults.Apply(ConnectionStrings.ForNpgsql(connectionString)), options), options);
        var queues = storage.QueueProviders;
        queues.Add(new GatedJobQueueProvider(queues.GetProvider(EnqueuedState.DefaultQueue), FetchingWorkers), [EnqueuedState.DefaultQueue]);
        return storage;
    }
}
