namespace Orchestrator.Storage.Procedures;

/// <summary>Durability contract point 4: another procedure is already active on the hierarchy.</summary>
public sealed class ActiveProcedureConflictException(string hierarchy, long activeId, string activeKind, string activeState)
    : Exception($"hierarchy {hierarchy} already has an active procedure: #{activeId} {activeKind} ({activeState}); wait for it, or `orchestrator procedures cancel {activeId}`")
{
    public string Hierarchy { get; } = hierarchy;
    public long ActiveId { get; } = activeId;
    public string ActiveKind { get; } = activeKind;
    public string ActiveState { get; } = activeState;
}
