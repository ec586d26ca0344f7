using Mediator;
using Orchestrator.Domain.Administration;
using Orchestrator.Engine.Commands;
using Orchestrator.Engine.Definitions;
using Orchestrator.Storage.Definitions;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.HierarchyDelete;

/// <summary>
/// S13: checks a delete with <see cref="HierarchyDeleteRule"/> on what is running — refused while in service on a backup —
/// before anything is recorded, then launches the procedure: the world forgets it, the definition loses it and its placement.
/// </summary>
public sealed class DeleteHierarchyHandler(IClusterDefinitionStore definitions, Engine.Administration.RunningStateReader running, AdminProcedureLauncher launcher)
    : ICommandHandler<DeleteHierarchyCommand, AdminStarted>
{
    public async ValueTask<AdminStarted> Handle(DeleteHierarchyCommand command, CancellationToken cancellationToken) =>
        await ProcedureLauncher.PlanFromCurrentStateAsync(() => StartAsync(command, cancellationToken)).ConfigureAwait(false);

    private async Task<AdminStarted> StartAsync(DeleteHierarchyCommand command, CancellationToken cancellationToken)
    {
        var stored = await StoredCluster.ReadAsync(definitions, cancellationToken).ConfigureAwait(false);
        var h = stored.Hierarchy(command.Hierarchy);
        var picture = await launcher.TakeAsync(h.Name, cancellationToken).ConfigureAwait(false);
        var now = await running.ReadAsync(cancellationToken).ConfigureAwait(false);
        var overridden = AdminVerdicts.Enforce(HierarchyDeleteRule.Check(h, now), force: false);
        var source = $"hierarchy delete {h.Name}";
        var yaml = DefinitionEditor.RemoveHierarchy(stored.Yaml, h.Name);
        StoredCluster.Validate(yaml, source);
        var maxWait = stored.Cluster.Settings.MaxWaitSeconds;
        var steps = new[] { new PlannedStep(HierarchyDeleteStates.Deleting, AdminStepActions.HierarchyDelete, h.PrimaryNode, h.Name, maxWait) };
        var launch = new AdminLaunch(HierarchyDeleteProcedure.KindName, h.Name, h.PrimaryNode, steps, yaml, stored.Version, source, command.Actor,
            command.Reason, overridden, PlacedAfter: null, maxWait);
        return await launcher.LaunchAsync(launch, picture, cancellationToken).ConfigureAwait(false);
    }
}
