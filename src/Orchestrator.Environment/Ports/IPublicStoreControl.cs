namespace Orchestrator.Environment.Ports;

/// <summary>S24: the default public store of a mailbox.</summary>
public interface IPublicStoreControl
{
    Task EnsureDefaultPublicStoreAsync(string user, string storeServer, EffectKey key, CancellationToken cancellationToken);
}
