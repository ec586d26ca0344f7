using Mediator;
using Orchestrator.Domain.Administration;
using Orchestrator.Engine.Commands;
using Orchestrator.Engine.Definitions;
using Orchestrator.Storage.Definitions;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.HierarchyUnextend;

/// <summary>
/// S12: checks an unextend with <see cref="HierarchyUnextendRule"/> on what is running — refused from a node it is in service
/// on, from its only node, from the primary while it runs on a backup; the primary otherwise only with --force (S6, audited) —
/// before anything is recorded, then launches the procedure: the node removed, the definition without it.
/// </summary>
public sealed class UnextendHierarchyHandler(IClusterDefinitionStore definitions, Engine.Administration.RunningStateReader running, AdminProcedureLauncher launcher)
    : ICommandHandler<UnextendHierarchyCommand, AdminStarted>
{
    public async ValueTask<AdminStarted> Handle(UnextendHierarchyCommand command, CancellationToken cancellationToken) =>
        await ProcedureLauncher.PlanFromCurrentStateAsync(() => StartAsync(command, cancellationToken)).ConfigureAwait(false);

    private async Task<AdminStarted> StartAsync(UnextendHierarchyCommand command, CancellationToken cancellationToken)
    {
        var stored = await StoredCluster.ReadAsync(definitions, cancellationToken).ConfigureAwait(false);
        var h = stored.Hierarchy(command.Hierarchy);
        var picture = await launcher.TakeAsync(h.Name, cancellationToken).ConfigureAwait(false);
        var now = await running.ReadAsync(cancellationToken).ConfigureAwait(false);
        var overridden = AdminVerdicts.Enforce(HierarchyUnextendRule.Check(h, command.Node, now), command.Force);
        var node = h.Priorities.First(p => string.Equals(p.Node, command.Node, StringComparison.OrdinalIgnoreCase)).Node;
        var source = $"hierarchy unextend {h.Name} --from {node}{(command.Force ? " --force" : "")}";
        var yaml = DefinitionEditor.RemovePriority(stored.Yaml, h.Name, node);
        StoredCluster.Validate(yaml, source);
        var maxWait = stored.Cluster.Settings.MaxWaitSeconds;
        var steps = new[] { new PlannedStep(HierarchyUnextendStates.Unextending, AdminStepActions.HierarchyUnextend, node, h.Name, maxWait) };
        var launch = new AdminLaunch(HierarchyUnextendProcedure.KindName, h.Name, node, steps, yaml, stored.Version, source, command.Actor,
            command.Reason, overridden, picture.PlacedOn, maxWait);
        return await launcher.LaunchAsync(launch, picture, cancellationToken).ConfigureAwait(false);
    }
}
