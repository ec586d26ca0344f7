using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Definitions;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Definitions;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Administration;

/// <summary>
/// Issue 16: what is running, as the administration rules need it (<see cref="RunningState"/>), read where it is recorded:
/// where each hierarchy is in service from the procedure store's placements (a placement without a node is in service
/// nowhere, and so is a hierarchy without a placement), each with the primary of the current definition; and the
/// hierarchies deleted while in service on a backup from the world (<see cref="IHierarchyAdministration.DeletedOnBackupAsync"/>).
/// Shared by `cluster apply` and the hierarchy commands, so every path judges the same picture.
/// </summary>
public sealed class RunningStateReader(IProcedureStore procedures, IClusterDefinitionStore definitions, CurrentDefinition current, IHierarchyAdministration world)
{
    public async Task<RunningState> ReadAsync(CancellationToken cancellationToken)
    {
        var placements = await procedures.GetPlacementsAsync(cancellationToken).ConfigureAwait(false);
        var definition = await definitions.GetCurrentVersionAsync(cancellationToken).ConfigureAwait(false) is null
            ? null
            : (await current.GetAsync(cancellationToken).ConfigureAwait(false)).Definition;
        var inService = placements
            .Where(p => p.Node is not null)
            .Select(p => new HierarchyPlacement(p.Hierarchy, p.Node!, definition?.FindHierarchy(p.Hierarchy)?.PrimaryNode ?? p.Node!))
            .ToList();
        var deleted = await world.DeletedOnBackupAsync(cancellationToken).ConfigureAwait(false);
        return new RunningState(inService, deleted);
    }
}
