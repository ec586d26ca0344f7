using global::Hangfire;
using global::Hangfire.InMemory;

namespace Orchestrator.Storage.Hangfire;

/// <summary>The one place that chooses Hangfire's storage. PostgreSQL and SQL Server plug in here.</summary>
public static class HangfireStorageFactory
{
    public static JobStorage Create(JobStorageProvider provider) => provider switch
    {
        JobStorageProvider.InMemory => new InMemoryStorage(new InMemoryStorageOptions
        {
            // Jobs carry identities only; the product's tables are the truth, so expired job data is worthless.
            MaxExpirationTime = TimeSpan.FromMinutes(30),
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown job storage provider"),
    };
}
