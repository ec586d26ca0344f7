using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Host.Composition;
using Orchestrator.Storage;

namespace Orchestrator.Cli.Infrastructure;

/// <summary>
/// The CLI's way to its store's schema, and its one retry policy for a database that cannot be reached: three tries
/// about a second apart; the first failure says "database unavailable (host:port): reason; retrying" on stderr, the last
/// one reaches <see cref="ErrorReporter"/> (exit 1, one line, no stack trace). A server that answers it is starting up
/// (crash recovery after a restart) is coming back: waited for, a second apart, up to <see cref="RecoveryPatience"/>,
/// without spending a try. A watcher's polls (<see cref="PollAsync{T}"/>) wait out an outage up to <see cref="WatchPatience"/>.
/// </summary>
public static class StoreAccess
{
    public const int Tries = 3;

    public static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    /// <summary>How long a server that says it is starting up is waited for.</summary>
    public static readonly TimeSpan RecoveryPatience = TimeSpan.FromSeconds(30);

    /// <summary>How long a <c>--wait</c> watcher keeps polling a database out of reach (the procedure goes on in its runners) before it gives up.</summary>
    public static readonly TimeSpan WatchPatience = TimeSpan.FromSeconds(60);

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
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var said = false;
        for (var attempt = 1; ;)
        {
            try
            {
                return action();
            }
            catch (StoreUnavailableException e) when (e.Recovering ? clock.Elapsed < RecoveryPatience : attempt < Tries)
            {
                if (!said)
                {
                    Console.Error.WriteLine($"{e.Message}; retrying");
                    said = true;
                }

                attempt += e.Recovering ? 0 : 1;
                Thread.Sleep(Pause);
            }
        }
    }

    /// <summary>
    /// One poll of a watcher: while the database is out of reach, says so once ("...; retrying" on stderr), drops the
    /// pool's dead connections and polls again every <see cref="Pause"/>; past <see cref="WatchPatience"/> it gives up (exit 1).
    /// </summary>
    public static async Task<T> PollAsync<T>(IStoreAvailability availability, Func<Task<T>> poll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(availability);
        ArgumentNullException.ThrowIfNull(poll);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var tries = 1; ; tries++)
        {
            try
            {
                return await poll().ConfigureAwait(false);
            }
            catch (Exception e) when (availability.Unavailable(e) is { } outage)
            {
                availability.ForgetConnections();
                if (clock.Elapsed >= WatchPatience)
                {
                    throw new StoreUnavailableException(outage.Endpoint, outage.Reason, e) { Tries = tries };
                }

                if (tries == 1)
                {
                    await Console.Error.WriteLineAsync($"{outage.Message}; retrying").ConfigureAwait(false);
                }

                await Task.Delay(Pause, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
