namespace Orchestrator.Environment.World;

/// <summary>
/// The world state as one object guarded by a lock (benchmarks, unit tests). Nothing is serialized.
/// A mutation that throws is not rolled back: whatever it changed before throwing stays changed.
/// </summary>
public sealed class InMemoryWorldStateStore : IWorldStateStore
{
    private readonly Lock gate = new();
    private readonly WorldState state;

    public InMemoryWorldStateStore()
        : this(new WorldState())
    {
    }

    public InMemoryWorldStateStore(WorldState initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        state = initial;
    }

    public Task<WorldState> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult(state.Clone());
        }
    }

    public Task<T> ReadAsync<T>(Func<WorldState, T> query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult(query(state));
        }
    }

    public Task<T> UpdateAsync<T>(Func<WorldState, T> mutate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mutate);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult(mutate(state));
        }
    }
}
