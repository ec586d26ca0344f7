namespace Orchestrator.Environment.Ports;

/// <summary>Mounts and unmounts data volumes (a volume is mounted on at most one node).</summary>
public interface IVolumeControl
{
    Task EnsureMountedAsync(string node, string volume, EffectKey key, CancellationToken cancellationToken);

    Task EnsureUnmountedAsync(string node, string volume, EffectKey key, CancellationToken cancellationToken);

    /// <summary>The node the volume is mounted on, or null.</summary>
    Task<string?> GetMountedNodeAsync(string volume, CancellationToken cancellationToken);
}
