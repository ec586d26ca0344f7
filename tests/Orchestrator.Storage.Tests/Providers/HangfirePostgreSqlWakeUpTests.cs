using System.Reflection;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Tests.Postgres;

namespace Orchestrator.Storage.Tests.Providers;

/// <summary>
/// Hangfire.PostgreSql wakes its idle workers by LISTEN/NOTIFY (long polling), not by its 15-s queue poll: a job
/// enqueued by another runner (or the CLI) starts at once.
/// </summary>
public sealed class HangfirePostgreSqlWakeUpTests
{
    [SkippableFact]
    public async Task AddPostgreSqlStorage_TurnsOnLongPolling()
    {
        await using var db = await PostgresDatabase.CreateAsync(migrate: false);
        var services = new ServiceCollection();
        services.AddPostgreSqlStorage(db.ConnectionString);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var storage = Assert.IsType<PostgreSqlStorage>(provider.GetRequiredService<JobStorage>());
        var options = (PostgreSqlStorageOptions)typeof(PostgreSqlStorage)
            .GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Single(p => p.PropertyType == typeof(PostgreSqlStorageOptions))
            .GetValue(storage)!;
        Assert.True(options.EnableLongPolling);
    }
}
