using Microsoft.Extensions.Logging;
using Orchestrator.Storage;

namespace Orchestrator.Engine.Execution;

/// <summary>
/// A runner's view of its database being out of reach (a server restart, a lost connection): every background role that
/// fails on it — the leader term, the sweeper, the monitor, a claim's heartbeat, a step's commit — reports the failure
/// here instead of logging it, and the outage is told once, "database unavailable (host:port): reason; retrying",
/// without a stack trace; then once more when a role reaches the database again. Each failure drops the pooled
/// connections the outage left dead. Nothing here decides anything: a role whose round failed simply tries again (a
/// monitor round that could not read the store decides nothing; a step not committed is taken over by its lease).
/// </summary>
public sealed class StoreOutage(IStoreAvailability availability, TimeProvider time, ILogger<StoreOutage> logger)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _since;

    /// <summary>True while an outage has been reported and no role has reached the database since.</summary>
    public bool Ongoing
    {
        get
        {
            lock (_gate)
            {
                return _since is not null;
            }
        }
    }

    /// <summary>
    /// True when <paramref name="error"/> is the database being out of reach: reported (said once per outage), the pool
    /// cleared, and the caller retries as it would anyway without logging it. False for any other failure: the caller logs it.
    /// </summary>
    public bool Absorbed(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (availability.Unavailable(error) is not { } outage)
        {
            return false;
        }

        availability.ForgetConnections();
        lock (_gate)
        {
            if (_since is not null)
            {
                return true;
            }

            _since = time.GetUtcNow();
        }

        logger.LogWarning("{Outage:l}; retrying", outage.Message);
        return true;
    }

    /// <summary>A role reached the database: an outage in progress is over (said once, with its length).</summary>
    public void Reached()
    {
        DateTimeOffset since;
        lock (_gate)
        {
            if (_since is not { } started)
            {
                return;
            }

            since = started;
            _since = null;
        }

        logger.LogInformation("Database available again after {Seconds:F1} s", (time.GetUtcNow() - since).TotalSeconds);
    }
}
