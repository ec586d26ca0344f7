using Orchestrator.Environment.Ports;
using Orchestrator.Storage;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>
/// The orchestrator's own database out of reach at the port edge (on PostgreSQL the simulated world lives in it): the
/// next <see cref="Remaining"/> starts of any service fail with <see cref="StoreUnavailableException"/> before reaching
/// the inner port. Every other call is the inner port's.
/// </summary>
public sealed class OutageAtThePortEdge : IServiceControl
{
    private IServiceControl? _inner;
    private int _remaining;

    public int Remaining
    {
        get => Volatile.Read(ref _remaining);
        set => Volatile.Write(ref _remaining, value);
    }

    private IServiceControl Inner => _inner ?? throw new InvalidOperationException("not placed over a port yet");

    /// <summary>Places this outage over <paramref name="inner"/> (at registration); returns this.</summary>
    public OutageAtThePortEdge Over(IServiceControl inner)
    {
        _inner = inner;
        return this;
    }

    public Task<ServiceState> EnsureStartedAsync(string node, string service, EffectKey key, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _remaining) >= 0)
        {
            throw new StoreUnavailableException("db1:5432", "Exception while reading from stream");
        }

        return Inner.EnsureStartedAsync(node, service, key, cancellationToken);
    }

    public Task EnsureStoppedAsync(string node, string service, EffectKey key, CancellationToken cancellationToken) =>
        Inner.EnsureStoppedAsync(node, service, key, cancellationToken);

    public Task<ServiceState> GetStateAsync(string node, string service, CancellationToken cancellationToken) =>
        Inner.GetStateAsync(node, service, cancellationToken);
}
