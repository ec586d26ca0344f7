namespace Orchestrator.Storage.Procedures;

/// <summary>
/// One consistent read of a hierarchy before a move is planned: where it is placed, the newest procedure of the
/// hierarchy (0 when none) and the active one, if any.
/// </summary>
public sealed record HierarchyPicture(string Hierarchy, string? PlacedOn, long LastProcedureId, ProcedureRecord? Active)
{
    /// <summary>What a plan built from this picture assumes; the creating transaction checks it still holds.</summary>
    public PlanBasis Basis => new(PlacedOn, LastProcedureId);
}
