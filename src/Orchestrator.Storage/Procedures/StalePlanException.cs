namespace Orchestrator.Storage.Procedures;

/// <summary>
/// A procedure was not created because its plan came from a picture of the hierarchy that no longer holds: another
/// procedure moved it between the read and the commit. Nothing was changed; plan again from the current state.
/// </summary>
public sealed class StalePlanException(string hierarchy, PlanBasis plannedFrom, PlanBasis now)
    : Exception($"hierarchy {hierarchy} changed while the request was planned (placed on {Describe(plannedFrom)}, now on {Describe(now)}" +
        $"{(now.LastProcedureId != plannedFrom.LastProcedureId ? $", after procedure #{now.LastProcedureId}" : "")}); nothing was changed — check `orchestrator status` and request again")
{
    public string Hierarchy { get; } = hierarchy;
    public PlanBasis PlannedFrom { get; } = plannedFrom;
    public PlanBasis Now { get; } = now;

    private static string Describe(PlanBasis basis) => basis.PlacedOn ?? "no node";
}
