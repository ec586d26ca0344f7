using Npgsql;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// PostgreSQL's outages: refused or timed-out connections, a connection lost mid-command, and a server shutting down, in
/// crash recovery or starting (<see cref="PostgresStoreSchema.Unavailable"/>). After one, Npgsql's connection-string pools
/// (Hangfire.PostgreSql's) are cleared: a pooled connection to the server that went away would fail once more on its first
/// use. The stores' own data source (<see cref="PostgresConnectionFactory"/>) is not reached by that: each of its dead
/// connections fails once and is discarded, and the caller retries (clearing it needs NpgsqlDataSource.Clear() there).
/// </summary>
public sealed class PostgresAvailability(PostgresConnectionFactory factory) : IStoreAvailability
{
    public StoreUnavailableException? Unavailable(Exception error) =>
        error switch
        {
            StoreUnavailableException known => known,
            _ when PostgresStoreSchema.Unavailable(error) is { } cause => PostgresStoreSchema.Outage(factory, cause, error),
            _ => null,
        };

    public void ForgetConnections() => NpgsqlConnection.ClearAllPools();
}
