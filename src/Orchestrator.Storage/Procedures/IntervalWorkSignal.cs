namespace Orchestrator.Storage.Procedures;

/// <summary>The signal of a store that has none (SQLite, embedded: one runner): the interval alone.</summary>
public sealed class IntervalWorkSignal : IWorkSignal
{
    public Task WaitAsync(TimeSpan interval, CancellationToken cancellationToken) => Task.Delay(interval, cancellationToken);
}
