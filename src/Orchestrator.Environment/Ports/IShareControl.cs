namespace Orchestrator.Environment.Ports;

/// <summary>S9: creates and removes the file shares that move with the hierarchy.</summary>
public interface IShareControl
{
    Task EnsureSharedAsync(string node, string share, EffectKey key, CancellationToken cancellationToken);

    Task EnsureRemovedAsync(string node, string share, EffectKey key, CancellationToken cancellationToken);
}
