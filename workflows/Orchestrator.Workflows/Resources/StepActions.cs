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
    public const string AgentStop = "agent.stop";
    public const string AgentStart = "agent.start";
    public const string PackageInstall = "package.install";
    public const string UpdateVerify = "update.verify";
    public const string MirrorPause = "mirror.pause";
    public const string MirrorResume = "mirror.resume";
    public const string MirrorWait = "mirror.wait";
    public const string NodeStop = "node.stop";
    public const string NodeStart = "node.start";
    public const string SwitchbackHold = "switchback.hold";
    public const string SwitchbackRelease = "switchback.release";
    public const string ScheduleWait = "schedule.wait";
    public const string PlacementRecord = "placement.record";
    public const string HierarchiesMoveOff = "hierarchies.move-off";
    public const string NodeUpdate = "node.update";
    public const string HierarchiesMoveBack = "hierarchies.move-back";
}
