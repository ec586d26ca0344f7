using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Workflows.Administration;

/// <summary>
/// What is running, as the administration rules judge it (<see cref="RunningState"/>): where each hierarchy of the definition is
/// placed now (the orchestrator's placements), and the hierarchies the world says were deleted while active on a backup.
/// </summary>
public sealed class AdminRunningState(IProcedureStore procedures, IHierarchyAdministration world)
{
    public async Task<RunningState> ReadAsync(ClusterDefinition cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var placements = await procedures.GetPlacementsAsync(cancellationToken).ConfigureAwait(false);
        var inService = placements
            .Where(p => p.Node is not null)
            .Select(p => (Placement: p, Hierarchy: cluster.FindHierarchy(p.Hierarchy)))
            .Where(x => x.Hierarchy is not null)
            .Select(x => new HierarchyPlacement(x.Hierarchy!.Name, x.Placement.Node!, x.Hierarchy.PrimaryNode))
            .ToList();
        var deleted = await world.DeletedOnBackupAsync(cancellationToken).ConfigureAwait(false);
        return new RunningState(inService, deleted);
    }
}
