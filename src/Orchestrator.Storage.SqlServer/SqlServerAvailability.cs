using Microsoft.Data.SqlClient;

namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// SQL Server's outages (<see cref="SqlServerStoreSchema.Unavailable"/>: cannot connect, connection lost, server shutting
/// down or starting). After one, SqlClient's pools are cleared: a pooled connection to the server that went away would
/// fail once more on its first use.
/// </summary>
public sealed class SqlServerAvailability(SqlServerConnectionFactory factory) : IStoreAvailability
{
    public StoreUnavailableException? Unavailable(Exception error) =>
        error switch
        {
            StoreUnavailableException known => known,
            _ when SqlServerStoreSchema.Unavailable(error) is { } cause => SqlServerStoreSchema.Outage(factory, cause, error),
            _ => null,
        };

    public void ForgetConnections() => SqlConnection.ClearAllPools();
}
