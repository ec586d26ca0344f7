using Mediator;

namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>The newest replica-list update of the hierarchy (of any hierarchy when null), or null when there is none.</summary>
public sealed record GetReplicaUpdateQuery(string? Hierarchy) : IQuery<ReplicaUpdateView?>;
