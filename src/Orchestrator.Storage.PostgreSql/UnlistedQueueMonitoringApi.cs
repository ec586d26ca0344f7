using Hangfire.PostgreSql;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>A queue provider's monitoring that names no queue (another provider lists them), answering for a named one.</summary>
internal sealed class UnlistedQueueMonitoringApi(IPersistentJobQueueMonitoringApi inner) : IPersistentJobQueueMonitoringApi
{
    public IEnumerable<string> GetQueues() => [];

    public IEnumerable<long> GetEnqueuedJobIds(string queue, int from, int perPage) => inner.GetEnqueuedJobIds(queue, from, perPage);

    public IEnumerable<long> GetFetchedJobIds(string queue, int from, int perPage) => inner.GetFetchedJobIds(queue, from, perPage);

    public EnqueuedAndFetchedCountDto GetEnqueuedAndFetchedCount(string queue) => inner.GetEnqueuedAndFetchedCount(queue);
}
