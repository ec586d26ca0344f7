using Hangfire.PostgreSql;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// Hangfire.PostgreSql's queue with its fetching gated: at most <see cref="Fetchers"/> of a process's workers wait on the
/// queue at a time (the others wait on the gate, in the process, at no cost to the database). Without the gate every idle
/// worker long-polls on a LISTEN session of its own and every NOTIFY of a new job, from any process, wakes them all to
/// race for the one job: with 24 workers in each of two runners, 48 fetch statements (and as many session resets) per
/// job, where one fetch per runner finds it. A worker that gets a job passes the gate on to the next one at once.
/// </summary>
internal sealed class GatedJobQueueProvider(IPersistentJobQueueProvider inner, int fetchers) : IPersistentJobQueueProvider
{
    private readonly SemaphoreSlim _gate = new(fetchers, fetchers);

    /// <summary>How many workers of the process may wait on the queue at once.</summary>
    public int Fetchers { get; } = fetchers;

    public IPersistentJobQueue GetJobQueue() => new GatedJobQueue(inner.GetJobQueue(), _gate);

    /// <summary>The inner provider's, except that it names no queue (the default provider lists them all already).</summary>
    public IPersistentJobQueueMonitoringApi GetJobQueueMonitoringApi() => new UnlistedQueueMonitoringApi(inner.GetJobQueueMonitoringApi());
}
