using Orchestrator.Environment.World;

namespace Orchestrator.Engine.Tests.Support;

/// <summary>A pass-through decorator of the world's store that counts the reads of the world (the edge every world port reads through).</summary>
public sealed class CountingWorldStateStore(IWorldStateStore inner) : IWorldStateStore
{
    private int _reads;

    /// <summary>Reads since the last <see cref="Reset"/>.</summary>
    public int Reads => Volatile.Read(ref _reads);

    public void Reset() => Interlocked.Exchange(ref _reads, 0);

    public Task<WorldState> ReadAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return inner.ReadAsync(cancellationToken);
    }

    public Task<T> ReadAsync<T>(Func<WorldState, T> query, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return inner.ReadAsync(query, cancellationToken);
    }

    public Task<T> UpdateAsync<T>(Func<WorldState, T> mutate, CancellationToken cancellationToken) => inner.UpdateAsync(mutate, cancellationToken);
}
