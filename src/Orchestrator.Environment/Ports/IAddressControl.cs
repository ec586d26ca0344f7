namespace Orchestrator.Environment.Ports;

/// <summary>Acquires and releases the switchable IP address (owned by at most one node).</summary>
public interface IAddressControl
{
    Task EnsureOwnedAsync(string node, string address, EffectKey key, CancellationToken cancellationToken);

    Task EnsureReleasedAsync(string node, string address, EffectKey key, CancellationToken cancellationToken);

    Task<string?> GetOwnerAsync(string address, CancellationToken cancellationToken);
}
