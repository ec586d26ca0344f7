using Npgsql;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// PostgreSQL's outages: refused or timed-out connections, a connection lost mid-command, and a server shutting down, in
/// crash recovery or starting (<see cref="PostgresStoreSchema.Unavailable"/>). After one, Npgsql's connection-string pools
/// (Hangfire.PostgreSql's) and the stores' own data source (<see cref="PostgresConnectionFactory"/>, which
/// NpgsqlConnection.ClearAllPools does not reach) are cleared: a pooled connection to the server that went away would fail
/// once more on its first use.
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

    public void ForgetConnections()
    {
        NpgsqlConnection.ClearAllPools();
        factory.Clear();
    }
}
