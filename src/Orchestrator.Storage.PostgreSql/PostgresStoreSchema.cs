using System.Net.Sockets;
using Npgsql;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// db/postgres's migrations on the configured database. A server that cannot be reached (refused, timed out, starting or
/// shutting down) is a <see cref="StoreUnavailableException"/> naming host:port, never the connection string.
/// </summary>
public sealed class PostgresStoreSchema(PostgresConnectionFactory factory) : IStoreSchema
{
    public string Description => factory.Describe();

    public IReadOnlyList<string> PendingMigrations() => Reach(() => PostgresMigrator.Pending(factory));

    public IReadOnlyList<string> Migrate() => Reach(() => PostgresMigrator.Migrate(factory));

    private T Reach<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (Unavailable(e) is { } cause)
        {
            throw Outage(factory, cause, e);
        }
    }

    /// <summary>The outage <paramref name="error"/> shows, <paramref name="cause"/> being what <see cref="Unavailable"/> found in it.</summary>
    internal static StoreUnavailableException Outage(PostgresConnectionFactory factory, Exception cause, Exception error) =>
        new(ConnectionStrings.Endpoint(factory.ConnectionString), OneLine(cause), error)
        {
            Recovering = cause is PostgresException { SqlState: PostgresErrorCodes.CannotConnectNow },
        };

    /// <summary>
    /// The reason on one line: a server's answer as "SQLSTATE: message" (its DETAIL and HINT, which Npgsql puts on lines
    /// of their own, left out), anything else with its line breaks folded.
    /// </summary>
    private static string OneLine(Exception cause)
    {
        var text = cause is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : cause.Message;
        return string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');
    }

    /// <summary>The cause when <paramref name="e"/> (or what it wraps) says the server is out of reach, else null.</summary>
    public static Exception? Unavailable(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case SocketException or TimeoutException:
                    return x;
                case PostgresException pg when pg.SqlState is PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                    || pg.SqlState.StartsWith("08", StringComparison.Ordinal): // connection exceptions
                    return x;
                case NpgsqlException { InnerException: SocketException or TimeoutException or IOException } n:
                    return n.InnerException!;
            }
        }

        return null;
    }
}
