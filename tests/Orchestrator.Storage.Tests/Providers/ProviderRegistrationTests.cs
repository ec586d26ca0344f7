using System.Reflection;
using Dapper;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Definitions;
using Orchestrator.Storage.Holds;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Replicas;
using Orchestrator.Storage.Sqlite;
using Orchestrator.Storage.Tests.Postgres;
using Orchestrator.Storage.Users;

namespace Orchestrator.Storage.Tests.Providers;

/// <summary>Each provider registers its stores and its Hangfire storage (the way Hangfire ships its storages).</summary>
public sealed class ProviderRegistrationTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task AddSqliteStorage_RegistersTheSqliteStores_AndHangfireInMemory()
    {
        var services = new ServiceCollection();
        services.AddSqliteStorage(_db.Directory);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Assert.IsType<SqliteProcedureStore>(provider.GetRequiredService<IProcedureStore>());
        Assert.IsType<SqliteAuditJournal>(provider.GetRequiredService<IAuditJournal>());
        Assert.IsType<SqliteClusterDefinitionStore>(provider.GetRequiredService<IClusterDefinitionStore>());
        Assert.IsType<SqliteFailedUserMoveStore>(provider.GetRequiredService<IFailedUserMoveStore>());
        Assert.IsType<SqliteReplicaUpdateStore>(provider.GetRequiredService<IReplicaUpdateStore>());
        Assert.IsType<SqliteSwitchbackHoldStore>(provider.GetRequiredService<ISwitchbackHoldStore>());
        Assert.IsType<InMemoryStorage>(provider.GetRequiredService<JobStorage>());
        Assert.Equal(_db.Directory, provider.GetRequiredService<OrchestratorDatabase>().DataDirectory);
    }

    [SkippableFact]
    public async Task AddPostgreSqlStorage_RegistersThePostgresStores_AndHangfirePostgreSql_InItsOwnSchema_WithASlidingInvisibilityTimeout()
    {
        await using var db = await PostgresDatabase.CreateAsync(migrate: false);
        var services = new ServiceCollection();
        services.AddPostgreSqlStorage(db.ConnectionString);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Assert.IsType<PostgresProcedureStore>(provider.GetRequiredService<IProcedureStore>());
        Assert.IsType<PostgresAuditJournal>(provider.GetRequiredService<IAuditJournal>());
        Assert.IsType<PostgresClusterDefinitionStore>(provider.GetRequiredService<IClusterDefinitionStore>());
        Assert.IsType<PostgresFailedUserMoveStore>(provider.GetRequiredService<IFailedUserMoveStore>());
        Assert.IsType<PostgresReplicaUpdateStore>(provider.GetRequiredService<IReplicaUpdateStore>());
        Assert.IsType<PostgresSwitchbackHoldStore>(provider.GetRequiredService<ISwitchbackHoldStore>());

        var storage = Assert.IsType<PostgreSqlStorage>(provider.GetRequiredService<JobStorage>());
        var options = (PostgreSqlStorageOptions)typeof(PostgreSqlStorage)
            .GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Single(p => p.PropertyType == typeof(PostgreSqlStorageOptions))
            .GetValue(storage)!;
        Assert.True(options.UseSlidingInvisibilityTimeout);
        Assert.True(options.PrepareSchemaIfNecessary);
        Assert.Equal("hangfire", options.SchemaName);
        await using var connection = await db.Connections.OpenAsync(CancellationToken.None);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'hangfire' AND table_name = 'job'"));
    }
}
