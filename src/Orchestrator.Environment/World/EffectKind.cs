namespace Orchestrator.Environment.World;

/// <summary>The kinds of effect the simulated world applies and counts.</summary>
public enum EffectKind
{
    ServiceStart,
    ServiceStop,
    VolumeMount,
    VolumeUnmount,
    AddressAcquire,
    AddressRelease,
    ShareCreate,
    ShareRemove,
    DnsUpdate,

    /// <summary>Reserved for fencing a node; no port applies it yet.</summary>
    NodeFence,
}
