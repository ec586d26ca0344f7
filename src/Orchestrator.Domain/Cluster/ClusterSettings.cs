namespace Orchestrator.Domain.Cluster;

/// <summary>
/// S30: the settings of a cluster, plus the monitor's timing: how often a hierarchy is checked, how many
/// consecutive failed checks make a failure, how long a returned node must stay healthy before an automatic
/// failback (S20), and how long automatic failover is blocked after a failover (anti-flapping).
/// </summary>
public sealed record ClusterSettings(
    int MaxWaitSeconds,
    bool UpdateReplicaList,
    bool AutomaticFailover,
    SwitchbackType Switchback,
    bool NPlusOne,
    SourceLocation Location,
    int MonitorIntervalSeconds,
    int FailureThreshold,
    int FailbackStabilisationSeconds,
    int FailoverBlockSeconds)
{
    public const int DefaultMaxWaitSeconds = 900;
    public const int DefaultMonitorIntervalSeconds = 5;
    public const int DefaultFailureThreshold = 3;
    public const int DefaultFailbackStabilisationSeconds = 300;
    public const int DefaultFailoverBlockSeconds = 3600;
    public const int DefaultReplicaBatchSize = 500;
    public const int DefaultReplicaParallelism = 4;
    public const int MaxReplicaParallelism = 64;

    /// <summary>Issue 14: the longest the monitor waits for a node's agent to answer health, unless the file or the monitor interval says less.</summary>
    public const int DefaultHealthTimeoutMilliseconds = 2000;

    /// <summary>
    /// Whether the definition says update-replica-list at all. An upgraded definition without it (S25, S31) makes a
    /// move write warning 28540 and skip the replica-list update.
    /// </summary>
    public bool UpdateReplicaListDeclared { get; init; }

    /// <summary>S25: how many public folders one background batch writes (one retriable job, one checkpoint).</summary>
    public int ReplicaBatchSize { get; init; } = DefaultReplicaBatchSize;

    /// <summary>S25: how many batches of one replica-list update may run at once.</summary>
    public int ReplicaParallelism { get; init; } = DefaultReplicaParallelism;

    /// <summary>
    /// Issue 14: how long an agent may take to answer /v1/health before that path counts as not answering
    /// (<c>health-timeout-ms</c>); null: derived from the monitor interval (<see cref="HealthTimeout"/>).
    /// </summary>
    public int? HealthTimeoutMilliseconds { get; init; }

    /// <summary>Where each setting was written, by its key (e.g. "maxwait"); a key not written is reported at the settings.</summary>
    public IReadOnlyDictionary<string, SourceLocation> KeyLocations { get; init; } = new Dictionary<string, SourceLocation>();

    /// <summary>Where setting <paramref name="key"/> was written, else where the settings were (<paramref name="fallback"/> when neither is known).</summary>
    public SourceLocation At(string key, SourceLocation fallback) =>
        KeyLocations.TryGetValue(key, out var at) ? at : Location == SourceLocation.Unknown ? fallback : Location;

    public static ClusterSettings Defaults { get; } = new(
        DefaultMaxWaitSeconds, false, true, SwitchbackType.Intelligent, false, SourceLocation.Unknown,
        DefaultMonitorIntervalSeconds, DefaultFailureThreshold, DefaultFailbackStabilisationSeconds, DefaultFailoverBlockSeconds);

    public TimeSpan MonitorInterval => TimeSpan.FromSeconds(MonitorIntervalSeconds);

    /// <summary>
    /// The health timeout the monitor's probes wait on each agent URL: the file's <c>health-timeout-ms</c> when set, else the
    /// monitor interval capped at <paramref name="ceiling"/> (2 s unless the host says otherwise) — a dead node then costs a
    /// round no more than an interval, so threshold rounds see it in about threshold × interval.
    /// </summary>
    public TimeSpan HealthTimeout(TimeSpan ceiling) =>
        HealthTimeoutMilliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : MonitorInterval < ceiling ? MonitorInterval : ceiling;

    public TimeSpan FailbackStabilisation => TimeSpan.FromSeconds(FailbackStabilisationSeconds);

    public TimeSpan FailoverBlock => TimeSpan.FromSeconds(FailoverBlockSeconds);
}
