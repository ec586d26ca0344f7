namespace Orchestrator.Storage;

/// <summary>The database server could not be reached (refused, timed out, shutting down): worth retrying, unlike bad input.</summary>
public sealed class StoreUnavailableException(string endpoint, string reason, Exception? inner = null)
    : Exception($"database unavailable ({endpoint}): {reason}", inner)
{
    /// <summary>host:port of the database.</summary>
    public string Endpoint { get; } = endpoint;

    public string Reason { get; } = reason;

    /// <summary>The server answered that it is starting up (in crash recovery, say): it is coming back, not gone.</summary>
    public bool Recovering { get; init; }

    /// <summary>How many tries a caller made before giving up, when it counted them.</summary>
    public int? Tries { get; init; }
}
