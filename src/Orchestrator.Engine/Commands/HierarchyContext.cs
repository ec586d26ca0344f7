using Orchestrator.Domain.Cluster;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Commands;

/// <summary>
/// A hierarchy as a request sees it: its definition (and version), where it is placed now, the newest procedure of the
/// hierarchy when that was read (<paramref name="LastProcedureId"/>) and the one active then, if any.
/// </summary>
public sealed record HierarchyContext(
    ClusterDefinition Cluster, long DefinitionVersion, HierarchyDefinition Hierarchy, string? PlacedOn, long LastProcedureId = 0, ProcedureRecord? Active = null)
{
    /// <summary>What a plan built from this context assumes; the creating transaction checks it still holds.</summary>
    public PlanBasis Basis => new(PlacedOn, LastProcedureId);
}
