using Mediator;

namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>`replicas pause|resume|cancel|retry-failed [H]`: acts on the newest update of the hierarchy (of any when null).</summary>
public sealed record ChangeReplicaUpdateCommand(string? Hierarchy, ReplicaUpdateOperation Operation, string Actor) : ICommand<ReplicaUpdateView>;
