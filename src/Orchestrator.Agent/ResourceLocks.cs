using System.Collections.Concurrent;

namespace Orchestrator.Agent;

/// <summary>
/// One lock per resource (kind and name): its actions run one at a time (never started and stopped at once), while
/// different resources run in parallel. A lock is kept for the agent's life (a node has few resources).
/// </summary>
internal sealed class ResourceLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    /// <summary>Waits for the resource's lock; disposing the answer releases it.</summary>
    public async Task<IDisposable> EnterAsync(string kind, string name, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd($"{kind}/{name}", _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Lease(gate);
    }

    private sealed class Lease(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
