using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Host.Composition;
using Orchestrator.Storage;

namespace Orchestrator.Cli.Infrastructure;

/// <summary>
/// The CLI's way to its store's schema, and its one retry policy for a database that cannot be reached: three tries
/// about a second apart; the first failure says "database unavailable (host:port): reason; retrying" on stderr, the last
/// one reaches <see cref="ErrorReporter"/> (exit 1, one line, no stack trace).
/// </summary>
public static class StoreAccess
{
    public const int Tries = 3;

    public static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    /// <summary>Runs <paramref name="action"/> on the store's schema, retrying while the database is unavailable.</summary>
    public static T WithSchema<T>(StoreSelection store, string dataDirectory, Func<IStoreSchema, T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        using var provider = new ServiceCollection().AddStore(store, dataDirectory).BuildServiceProvider();
        var schema = provider.GetRequiredService<IStoreSchema>();
        return Retry(() => action(schema));
    }

    /// <summary>Refuses (exit 1) a server database that lacks migrations: only `db migrate` (or `serve --migrate`) applies them.</summary>
    public static void EnsureMigrated(StoreSelection store, string dataDirectory)
    {
        var (description, pending) = WithSchema(store, dataDirectory, s => (s.Description, s.PendingMigrations()));
        if (pending.Count > 0)
        {
            throw new DatabaseNotMigratedException(description, pending);
        }
    }

    public static T Retry<T>(Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return action();
            }
            catch (StoreUnavailableException e) when (attempt < Tries)
            {
                if (attempt == 1)
                {
                    Console.Error.WriteLine($"{e.Message}; retrying");
                }

                Thread.Sleep(Pause);
            }
        }
    }
}
