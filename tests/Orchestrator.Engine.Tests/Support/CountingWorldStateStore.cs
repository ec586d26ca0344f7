using Orchestrator.Environment.World;

namespace Orchestrator.Engine.Tests.Support;

/// <summary>
/// A pass-through decorator of the world's store that counts the reads of the world (the edge every world port reads
/// through): all of them since <see cref="Reset"/>, and, apart, the reads and updates made in the flow of
/// <see cref="Watch"/> only (a background worker's meanwhile are not among those).
/// </summary>
public sealed class CountingWorldStateStore(IWorldStateStore inner) : IWorldStateStore
{
    private readonly AsyncLocal<bool> _watching = new();
    private int _reads;
    private int _watchedReads;
    private int _watchedUpdates;

    /// <summary>Reads since the last <see cref="Reset"/>.</summary>
    public int Reads => Volatile.Read(ref _reads);

    /// <summary>Reads (whole-state, query or latency) made in the flow of the last <see cref="Watch"/>.</summary>
    public int WatchedReads => Volatile.Read(ref _watchedReads);

    /// <summary>Updates made in the flow of the last <see cref="Watch"/>.</summary>
    public int WatchedUpdates => Volatile.Read(ref _watchedUpdates);

    /// <summary>Whether the caller runs in the flow of <see cref="Watch"/>.</summary>
    public bool Watching => _watching.Value;

    public void Reset() => Interlocked.Exchange(ref _reads, 0);

    /// <summary>Counts the reads and updates made by <paramref name="work"/> (and what it awaits), from zero.</summary>
    public async Task Watch(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Interlocked.Exchange(ref _watchedReads, 0);
        Interlocked.Exchange(ref _watchedUpdates, 0);
        _watching.Value = true;
        try
        {
            await work();
        }
        finally
        {
            _watching.Value = false;
        }
    }

    public Task<WorldState> ReadAsync(CancellationToken cancellationToken)
    {
        CountRead();
        return inner.ReadAsync(cancellationToken);
    }

    public Task<T> ReadAsync<T>(Func<WorldState, T> query, CancellationToken cancellationToken)
    {
        CountRead();
        return inner.ReadAsync(query, cancellationToken);
    }

    public Task<TimeSpan> LatencyOfAsync(EffectKind kind, CancellationToken cancellationToken)
    {
        if (_watching.Value)
        {
            Interlocked.Increment(ref _watchedReads);
        }

        return inner.LatencyOfAsync(kind, cancellationToken);
    }

    public Task<T> UpdateAsync<T>(Func<WorldState, T> mutate, CancellationToken cancellationToken)
    {
        if (_watching.Value)
        {
            Interlocked.Increment(ref _watchedUpdates);
        }

        return inner.UpdateAsync(mutate, cancellationToken);
    }

    private void CountRead()
    {
        Interlocked.Increment(ref _reads);
        if (_watching.Value)
        {
            Interlocked.Increment(ref _watchedReads);
        }
    }
}
