namespace Orchestrator.Engine.Views;

/// <summary>S30: the cluster settings in force, as `status` shows them.</summary>
public sealed record SettingsView(
    int MaxWaitSeconds,
    bool UpdateReplicaList,
    bool AutomaticFailover,
    string Switchback,
    bool NPlusOne,
    int MonitorIntervalSeconds,
    int FailureThreshold,
    int FailbackStabilisationSeconds,
    int FailoverBlockSeconds,
    bool UpdateReplicaListDeclared = true,
    int ReplicaBatchSize = Domain.Cluster.ClusterSettings.DefaultReplicaBatchSize,
    int ReplicaParallelism = Domain.Cluster.ClusterSettings.DefaultReplicaParallelism)
{
    public static SettingsView From(Domain.Cluster.ClusterSettings s) => new(
        s.MaxWaitSeconds, s.UpdateReplicaList, s.AutomaticFailover, s.Switchback.ToString().ToLowerInvariant(), s.NPlusOne,
        s.MonitorIntervalSeconds, s.FailureThreshold, s.FailbackStabilisationSeconds, s.FailoverBlockSeconds,
        s.UpdateReplicaListDeclared, s.ReplicaBatchSize, s.ReplicaParallelism);
}
