using Mediator;
using Orchestrator.Engine.Commands;
using Orchestrator.Engine.Definitions;
using Orchestrator.Storage.Definitions;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.RemoveProtection;

/// <summary>
/// S17: launches a <see cref="RemoveProtectionProcedure"/> for a hierarchy of the stored definition (unknown: refused naming the
/// cluster's), carrying the definition without it (<see cref="DefinitionEditor.RemoveHierarchy"/>). Removing protection is
/// allowed wherever the hierarchy is in service, backup included: nothing moves (the world then records the S10 tombstone).
/// </summary>
public sealed class RemoveProtectionHandler(IClusterDefinitionStore definitions, AdminProcedureLauncher launcher) : ICommandHandler<RemoveProtectionCommand, AdminStarted>
{
    public async ValueTask<AdminStarted> Handle(RemoveProtectionCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var stored = await StoredCluster.ReadAsync(definitions, cancellationToken).ConfigureAwait(false);
        var hierarchy = stored.Hierarchy(command.Hierarchy);
        var next = DefinitionEditor.RemoveHierarchy(stored.Yaml, hierarchy.Name);
        StoredCluster.Validate(next, command.Source);
        var maxWait = stored.Cluster.Settings.MaxWaitSeconds;
        return await ProcedureLauncher.PlanFromCurrentStateAsync(async () =>
        {
            var picture = await launcher.TakeAsync(hierarchy.Name, cancellationToken).ConfigureAwait(false);
            var steps = RemoveProtectionPlan.Steps(hierarchy, picture.PlacedOn, maxWait);
            var launch = new AdminLaunch(RemoveProtectionProcedure.KindName, hierarchy.Name, picture.PlacedOn ?? hierarchy.PrimaryNode, steps, next, stored.Version,
                command.Source, command.Actor, command.Reason, [], PlacedAfter: null, maxWait);
            return await launcher.LaunchAsync(launch, picture, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }
}
