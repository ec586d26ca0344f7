using Orchestrator.Storage.Audit;

namespace Orchestrator.Storage.Replicas;

/// <summary>The folders an update must write, cut into batches, committed with the Planning → Running transition.</summary>
public sealed record ReplicaPlan(ReplicaUpdateTransition Transition, IReadOnlyList<IReadOnlyList<string>> Batches, long Total);
