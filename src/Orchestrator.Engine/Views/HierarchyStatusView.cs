namespace Orchestrator.Engine.Views;

/// <summary>
/// Where a hierarchy is, as the orchestrator recorded it and as the environment shows it; and its newest public-folder
/// replica-list update in a few words (S25), if it has had one.
/// </summary>
public sealed record HierarchyStatusView(
    string Name,
    string? PlacedOn,
    IReadOnlyList<string> InServiceOn,
    IReadOnlyList<NodeStatusView> Nodes,
    long? ActiveProcedureId,
    string? ActiveProcedureState,
    string Switchback,
    string? ReplicaUpdate = null);
