namespace Orchestrator.Environment.Ports;

/// <summary>
/// Fences a node through its fence device (power off): the node is down and holds nothing any more, so another
/// node may take its resources over safely. The device acts, not the node, so a node that is already down can be
/// fenced ("ensure" semantics: fencing a fenced node changes nothing).
/// </summary>
public interface INodeFence
{
    Task EnsureFencedAsync(string node, EffectKey key, CancellationToken cancellationToken);

    Task<bool> IsFencedAsync(string node, CancellationToken cancellationToken);
}
