namespace Orchestrator.Storage;

/// <summary>
/// The provider's word on whether a failure means its database is out of reach (down, restarting, the connection lost) —
/// worth waiting for — or is any other failure; and how to drop the connections such an outage left dead in its pool.
/// </summary>
public interface IStoreAvailability
{
    /// <summary>The outage <paramref name="error"/> (or what it wraps) shows, naming host:port and the reason; null for any other failure.</summary>
    StoreUnavailableException? Unavailable(Exception error);

    /// <summary>After an outage: pooled connections to the server that went away are dropped, so none is handed out dead.</summary>
    void ForgetConnections();
}
