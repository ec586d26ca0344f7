namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>
/// A replica-list update as `replicas status` shows it: its state, done / failed / remaining, the rate since it was
/// planned and the estimated time to finish, and the folders given up on with their errors.
/// </summary>
public sealed record ReplicaUpdateView(
    long Id,
    long ProcedureId,
    string Hierarchy,
    string FromServer,
    string ToServer,
    string State,
    bool IsActive,
    long Total,
    long Done,
    long Changed,
    long Failed,
    long Remaining,
    double FoldersPerSecond,
    double? EtaSeconds,
    int BatchSize,
    int Parallelism,
    string RequestedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PlannedAt,
    DateTimeOffset? CompletedAt,
    long? SupersededBy,
    int RedoneBatches,
    IReadOnlyList<ReplicaFailureView> Failures);
