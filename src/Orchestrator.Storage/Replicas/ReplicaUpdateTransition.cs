using Orchestrator.Storage.Audit;

namespace Orchestrator.Storage.Replicas;

/// <summary>
/// A state change of a replica-list update, committed in one transaction: compare-and-set of state and version, the
/// audit rows, and what it does to the batches.
/// </summary>
public sealed record ReplicaUpdateTransition(
    long UpdateId,
    string ExpectedState,
    long ExpectedVersion,
    string NewState,
    bool IsActive,
    IReadOnlyList<NewAuditEntry> Audit,
    DateTimeOffset At,
    ReplicaBatchEffect Batches = ReplicaBatchEffect.None,
    long? SupersededBy = null);
