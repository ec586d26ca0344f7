namespace Orchestrator.Workflows.Resources;

/// <summary>The names of the resource actions stored in step rows.</summary>
public static class StepActions
{
    public const string VerifyTarget = "node.verify-target";
    public const string ServiceStop = "service.stop";
    public const string ServiceStart = "service.start";
    public const string ShareRemove = "share.remove";
    public const string ShareCreate = "share.create";
    public const string AddressRelease = "address.release";
    public const string AddressAcquire = "address.acquire";
    public const string VolumeUnmount = "volume.unmount";
    public const string VolumeMount = "volume.mount";
    public const string DnsUpdate = "dns.update";
    public const string NodeFence = "node.fence";
    public const string UsersMove = "users.move";
    public const string QueuesReconnect = "queues.reconnect";
    public const string UsersMoveFailed = "users.move-failed";
    public const string RoutingSwap = "routing.swap";
    public const string RoutingRestore = "routing.restore";
    public const string PublicStoreRewrite = "publicstore.rewrite";
    public const string ReplicasUpdate = "replicas.update";
}
