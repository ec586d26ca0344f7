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

    /// <summary>S29: stopping a node's cluster agent, leaving its resources active (lkstop -f); counted as "AgentStop:{node}/{node}".</summary>
    AgentStop,

    /// <summary>S29: starting a node's cluster agent; counted as "AgentStart:{node}/{node}".</summary>
    AgentStart,

    /// <summary>S29: installing a software version on a node; counted as "PackageInstall:{node}/{version}".</summary>
    PackageInstall,

    /// <summary>S29: a planned shutdown of a node (down, not fenced); counted as "NodeShutdown:{node}/{node}".</summary>
    NodeShutdown,

    /// <summary>S29: starting a stopped node; counted as "NodeBoot:{node}/{node}".</summary>
    NodeBoot,

    /// <summary>S27: pausing the mirror to a node; counted as "MirrorPause:{node}/{node}".</summary>
    MirrorPause,

    /// <summary>S27: resuming the mirror to a node (a partial resync); counted as "MirrorResume:{node}/{node}".</summary>
    MirrorResume,

    /// <summary>S7: setting a service's start mode on a node; counted as "ServiceStartMode:{node}/{service}".</summary>
    ServiceStartMode,

    /// <summary>S11: renaming a storage group, mailbox store or public store on a node; counted as "StoreRename:{node}/{application}".</summary>
    StoreRename,

    /// <summary>S10: recording a new hierarchy on the node its application runs on; counted as "HierarchyCreate:{node}/{hierarchy}".</summary>
    HierarchyCreate,

    /// <summary>S11: making a node able to run a hierarchy; counted as "HierarchyExtend:{node}/{hierarchy}".</summary>
    HierarchyExtend,

    /// <summary>S12: removing a node from a hierarchy's node list; counted as "HierarchyUnextend:{node}/{hierarchy}".</summary>
    HierarchyUnextend,

    /// <summary>S13: forgetting a hierarchy (its resources stay); counted as "HierarchyDelete:{primary node}/{hierarchy}".</summary>
    HierarchyDelete,
}
