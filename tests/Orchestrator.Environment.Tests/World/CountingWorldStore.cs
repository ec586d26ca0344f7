using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

/// <summary>A store that passes every call to another and counts them by method.</summary>
internal sealed class CountingWorldStore(IWorldStateStore inner) : IWorldStateStore
{
    public int Reads { get; private set; }

    public int LatencyReads { get; private set; }

    public int Updates { get; private set; }

    public Task<WorldState> ReadAsync(CancellationToken cancellationToken)
    {
        Reads++;
        return inner.ReadAsync(cancellationToken);
    }

    public Task<T> ReadAsync<T>(Func<WorldState, T> query, CancellationToken cancellationToken)
    {
        Reads++;
        return inner.ReadAsync(query, cancellationToken);
    }

    public Task<TimeSpan> LatencyOfAsync(EffectKind kind, CancellationToken cancellationToken)
    {
        LatencyReads++;
        return inner.LatencyOfAsync(kind, cancellationToken);
    }

    public Task<T> UpdateAsync<T>(Func<WorldState, T> mutate, CancellationToken cancellationToken)
    {
        Updates++;
        return inner.UpdateAsync(mutate, cancellationToken);
    }
}
