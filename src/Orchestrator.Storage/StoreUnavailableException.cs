namespace Orchestrator.Storage;

/// <summary>The database server could not be reached (refused, timed out, shutting down): worth retrying, unlike bad input.</summary>
public sealed class StoreUnavailableException(string endpoint, string reason, Exception? inner = null)
    : Exception($"database unavailable ({endpoint}): {reason}", inner)
{
    /// <summary>host:port of the database.</summary>
    public string Endpoint { get; } = endpoint;

    public string Reason { get; } = reason;
}
