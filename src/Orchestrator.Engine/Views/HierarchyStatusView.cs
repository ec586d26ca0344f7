namespace Orchestrator.Engine.Views;

/// <summary>Where a hierarchy is, as the orchestrator recorded it and as the environment shows it.</summary>
public sealed record HierarchyStatusView(
    string Name,
    string? PlacedOn,
    IReadOnlyList<string> InServiceOn,
    IReadOnlyList<NodeStatusView> Nodes,
    long? ActiveProcedureId,
    string? ActiveProcedureState,
    string Switchback);
