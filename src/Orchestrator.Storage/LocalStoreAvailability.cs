namespace Orchestrator.Storage;

/// <summary>A store in a local file (SQLite): no server to lose; its failures are never an outage.</summary>
public sealed class LocalStoreAvailability : IStoreAvailability
{
    public static readonly LocalStoreAvailability Instance = new();

    private LocalStoreAvailability()
    {
    }

    public StoreUnavailableException? Unavailable(Exception error) => error as StoreUnavailableException;

    public void ForgetConnections()
    {
    }
}
