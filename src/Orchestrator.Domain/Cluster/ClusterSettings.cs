namespace Orchestrator.Domain.Cluster;

/// <summary>S30: the settings of a cluster.</summary>
public sealed record ClusterSettings(
    int MaxWaitSeconds,
    bool UpdateReplicaList,
    bool AutomaticFailover,
    SwitchbackType Switchback,
    bool NPlusOne,
    SourceLocation Location)
{
    public const int DefaultMaxWaitSeconds = 900;

    public static ClusterSettings Defaults { get; } =
        new(DefaultMaxWaitSeconds, false, true, SwitchbackType.Intelligent, false, SourceLocation.Unknown);
}
