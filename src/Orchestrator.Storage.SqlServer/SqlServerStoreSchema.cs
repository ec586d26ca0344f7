using System.Net.Sockets;
using Microsoft.Data.SqlClient;

namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// db/sqlserver's migrations on the configured database (<c>orchestrator db migrate</c> / <c>db check</c>). A server that
/// cannot be reached (refused, timed out, shutting down, starting) is a <see cref="StoreUnavailableException"/> naming
/// host:port and the reason on one line, never the connection string.
/// </summary>
public sealed class SqlServerStoreSchema(SqlServerConnectionFactory factory) : IStoreSchema
{
    /// <summary>
    /// SqlClient's error numbers that say the server is out of reach: -2 timeout; 53, 40, 35, 26, 2 and 11001 the network
    /// or the instance not found; 64, 121, 233, 10053, 10054, 10060, 10061 the connection failed or was lost; 6005, 6006
    /// the server shutting down; and <see cref="Starting"/>.
    /// </summary>
    private static readonly int[] Unreachable = [-2, 2, 26, 35, 40, 53, 64, 121, 233, 258, 1231, 6005, 6006, 10053, 10054, 10060, 10061, 11001];

    /// <summary>The server or the database is starting (recovery, upgrade script mode, an Azure database coming back): it will answer.</summary>
    private static readonly int[] Starting = [922, 18401, 40613];

    public string Description => factory.Describe();

    public IReadOnlyList<string> PendingMigrations() => Reach(() => SqlServerMigrator.Pending(factory));

    public IReadOnlyList<string> Migrate() => Reach(() => SqlServerMigrator.Migrate(factory));

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
    internal static StoreUnavailableException Outage(SqlServerConnectionFactory factory, Exception cause, Exception error) =>
        new(factory.Endpoint(), OneLine(cause), error)
        {
            Recovering = cause is SqlException sql && Starting.Contains(sql.Number),
        };

    /// <summary>
    /// The reason on one line: SqlClient's network error as "cannot connect (provider: ..., error: N - ...)" (its long
    /// advice left out), a server's answer as "error N: message", anything else with its line breaks folded.
    /// </summary>
    private static string OneLine(Exception cause)
    {
        var text = cause switch
        {
            SqlException sql when sql.Message.IndexOf("(provider:", StringComparison.Ordinal) is var at and >= 0 => "cannot connect " + sql.Message[at..],
            SqlException sql => $"error {sql.Number}: {sql.Message}",
            _ => cause.Message,
        };
        return string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');
    }

    /// <summary>The cause when <paramref name="e"/> (or what it wraps) says the server is out of reach, else null.</summary>
    public static Exception? Unavailable(Exception e)
    {
        // The socket's own words first ("Connection refused") where it has any: SqlClient wraps a refused connection in a
        // network error (number 0) whose SocketException says only "Success"; then the SqlException is the cause.
        SqlException? wrapping = null;
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case SqlException sql:
                    wrapping = sql;
                    break;
                case SocketException { SocketErrorCode: SocketError.Success } when wrapping is not null:
                    return wrapping;
                case SocketException or TimeoutException:
                    return x;
            }
        }

        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case SqlException sql when sql.Errors.Cast<SqlError>().Any(r => Unreachable.Contains(r.Number) || Starting.Contains(r.Number)):
                    return x;
                case SqlException { InnerException: IOException }:
                    return x;
            }
        }

        return null;
    }
}
