namespace Orchestrator.Storage.Procedures;

/// <summary>
/// What a plan was built from: the hierarchy's placement and its newest procedure when the request read them. If either
/// changed before the plan is committed (another procedure was created and finished meanwhile), the plan is stale.
/// </summary>
public sealed record PlanBasis(string? PlacedOn, long LastProcedureId);
