namespace Orchestrator.Environment.Ports;

/// <summary>S27: pausing and resuming the mirror that replicates a hierarchy's volumes TO a node.</summary>
public interface IMirrorControl : IMirrorProbe
{
    /// <summary>Mirroring or resyncing → Paused. No-op when already paused (or None: shared storage).</summary>
    Task EnsureMirrorPausedAsync(string node, EffectKey key, CancellationToken cancellationToken);

    /// <summary>Paused → PartialResync, which becomes Mirroring once the world's resync time has passed. No-op otherwise.</summary>
    Task EnsureMirrorResumedAsync(string node, EffectKey key, CancellationToken cancellationToken);
}
