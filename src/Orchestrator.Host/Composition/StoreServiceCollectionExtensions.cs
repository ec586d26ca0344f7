using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Storage;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Sqlite;
using Orchestrator.Storage.SqlServer;

namespace Orchestrator.Host.Composition;

/// <summary>The one place that picks the storage provider for a <see cref="StoreSelection"/>.</summary>
public static class StoreServiceCollectionExtensions
{
    /// <summary>Registers the chosen provider's stores, its schema and its Hangfire storage.</summary>
    public static IServiceCollection AddStore(this IServiceCollection services, StoreSelection store, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(store);
        _ = store.Kind switch
        {
            StoreKind.Sqlite => services.AddSqliteStorage(dataDirectory),
            StoreKind.Postgres => services.AddPostgreSqlStorage(store.Connection ?? throw new ArgumentException("the postgres store needs a connection string", nameof(store))),
            StoreKind.SqlServer => services.AddSqlServerStorage(store.Connection ?? throw new ArgumentException("the sqlserver store needs a connection string", nameof(store))),
            _ => throw new NotSupportedException($"the {store.Kind} provider is not wired into the host"),
        };
        services.TryAddSingleton<IStoreAvailability>(LocalStoreAvailability.Instance); // a provider without a server to lose
        return services;
    }
}
