using Orchestrator.Environment.Ports;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>
/// A hang at the port edge: while <see cref="Hanging"/>, starting the named service never returns and ignores its
/// cancellation token (a call into an agent that never answers). Every other call is the inner port's.
/// </summary>
public sealed class HangingServiceStart(string hungService) : IServiceControl
{
    private IServiceControl? _inner;

    public volatile bool Hanging;

    private IServiceControl Inner => _inner ?? throw new InvalidOperationException("not placed over a port yet");

    /// <summary>Places this hang over <paramref name="inner"/> (at registration); returns this.</summary>
    public HangingServiceStart Over(IServiceControl inner)
    {
        _inner = inner;
        return this;
    }

    public async Task<ServiceState> EnsureStartedAsync(string node, string service, EffectKey key, CancellationToken cancellationToken)
    {
        if (Hanging && string.Equals(service, hungService, StringComparison.OrdinalIgnoreCase))
        {
            await Task.Delay(Timeout.Infinite, CancellationToken.None).ConfigureAwait(false);
        }

        return await Inner.EnsureStartedAsync(node, service, key, cancellationToken).ConfigureAwait(false);
    }

    public Task EnsureStoppedAsync(string node, string service, EffectKey key, CancellationToken cancellationToken) =>
        Inner.EnsureStoppedAsync(node, service, key, cancellationToken);

    public Task<ServiceState> GetStateAsync(string node, string service, CancellationToken cancellationToken) =>
        Inner.GetStateAsync(node, service, cancellationToken);
}
