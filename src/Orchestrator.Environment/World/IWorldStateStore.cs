namespace Orchestrator.Environment.World;

/// <summary>Where the world's state lives. Updates are atomic read-modify-write operations.</summary>
public interface IWorldStateStore
{
    /// <summary>A copy of the current state; changing it changes nothing in the store.</summary>
    Task<WorldState> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="query"/> on a consistent view of the state and returns its result.
    /// The query must not keep references into the state nor change it.
    /// </summary>
    async Task<T> ReadAsync<T>(Func<WorldState, T> query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query(await ReadAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The latency injected for each call of <paramref name="kind"/> (zero when none).</summary>
    Task<TimeSpan> LatencyOfAsync(EffectKind kind, CancellationToken cancellationToken) =>
        ReadAsync(state => state.Faults.LatencyOf(kind), cancellationToken);

    /// <summary>
    /// Reads the state, runs <paramref name="mutate"/> on it and stores the result, atomically with respect to
    /// every other update (in this process and, for a file store, in others). <paramref name="mutate"/> must be
    /// synchronous and must validate before it changes anything: whether a throwing mutation is rolled back
    /// depends on the store.
    /// </summary>
    Task<T> UpdateAsync<T>(Func<WorldState, T> mutate, CancellationToken cancellationToken);
}
