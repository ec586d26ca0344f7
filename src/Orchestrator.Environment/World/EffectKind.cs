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

    /// <summary>Fencing (powering off) a node; counted as "NodeFence:{node}/{node}".</summary>
    NodeFence,

    /// <summary>S22: moving a mailbox user's home; counted as "UserMove:{server}/{user}".</summary>
    UserMove,

    /// <summary>S26: reconnecting the other servers' queues; counted as "QueueReconnect:{toServer}/{fromServer}".</summary>
    QueueReconnect,

    /// <summary>S23: moving a server to a routing group; counted as "RoutingGroupChange:{server}/{group}".</summary>
    RoutingGroupChange,

    /// <summary>S24: setting a mailbox's default public store; counted as "PublicStoreRewrite:{store server}/{user}".</summary>
    PublicStoreRewrite,

    /// <summary>S25: one public folder's replica-list write; its latency is per folder.</summary>
    PublicFolderWrite,
}
