using System.Data;
using Hangfire.PostgreSql;
using Hangfire.Storage;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>One fetch of <see cref="GatedJobQueueProvider"/>: the inner queue's, entered through the process's gate.</summary>
internal sealed class GatedJobQueue(IPersistentJobQueue inner, SemaphoreSlim gate) : IPersistentJobQueue
{
    public IFetchedJob Dequeue(string[] queues, CancellationToken cancellationToken)
    {
        gate.Wait(cancellationToken);
        try
        {
            return inner.Dequeue(queues, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Enqueue(IDbConnection connection, string queue, string jobId) => inner.Enqueue(connection, queue, jobId);
}
