using Mediator;
using Orchestrator.Domain.Administration;
using Orchestrator.Engine.Commands;
using Orchestrator.Engine.Definitions;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Definitions;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Administration;
using static Orchestrator.Workflows.HierarchyExtend.HierarchyExtendStates;

namespace Orchestrator.Workflows.HierarchyExtend;

/// <summary>
/// S11: checks an extend with <see cref="HierarchyExtendRule"/> — the node in the cluster and not yet in the hierarchy, a
/// communication path to every node of it, the priority unused in 1–999, the database names read on the primary and the
/// node — before anything is recorded; renames needed are refused, listed (<see cref="StoreRenameRule"/>, the words `cluster apply`
/// uses too), unless --apply-renames makes them the first steps.
/// Then launches the procedure: renames, extend, the definition with the node at its priority (and n-plus-1 when asked).
/// </summary>
public sealed class ExtendHierarchyHandler(IClusterDefinitionStore definitions, IHierarchyAdministration world, AdminProcedureLauncher launcher)
    : ICommandHandler<ExtendHierarchyCommand, AdminStarted>
{
    public async ValueTask<AdminStarted> Handle(ExtendHierarchyCommand command, CancellationToken cancellationToken) =>
        await ProcedureLauncher.PlanFromCurrentStateAsync(() => StartAsync(command, cancellationToken)).ConfigureAwait(false);

    private async Task<AdminStarted> StartAsync(ExtendHierarchyCommand command, CancellationToken cancellationToken)
    {
        var stored = await StoredCluster.ReadAsync(definitions, cancellationToken).ConfigureAwait(false);
        var h = stored.Hierarchy(command.Hierarchy);
        var picture = await launcher.TakeAsync(h.Name, cancellationToken).ConfigureAwait(false);
        var target = stored.Cluster.FindNode(command.Node)?.Name ?? command.Node;
        var application = h.Application.Name;
        var primaryNames = await world.ReadStoreNamesAsync(h.PrimaryNode, application, cancellationToken).ConfigureAwait(false);
        var targetNames = stored.Cluster.FindNode(target) is null ? null : await world.ReadStoreNamesAsync(target, application, cancellationToken).ConfigureAwait(false);
        var check = HierarchyExtendRule.Check(new HierarchyExtension(stored.Cluster, h, target, command.Priority, primaryNames, targetNames));
        // The same words as `cluster apply` gives for an extension whose database names differ (StoreRenameRule).
        AdminVerdicts.Enforce(check.Verdict.Plus(StoreRenameRule.Check(h.Name, target, check.Renames, command.ApplyRenames)), force: false);

        var source = $"hierarchy extend {h.Name} --to {target} --priority {check.Priority}{(command.NPlusOne ? " --n-plus-1" : "")}{(command.ApplyRenames ? " --apply-renames" : "")}";
        var yaml = DefinitionEditor.AddPriority(stored.Yaml, h.Name, target, check.Priority);
        if (command.NPlusOne)
        {
            yaml = DefinitionEditor.SetSetting(yaml, "n-plus-1", "true");
        }

        StoredCluster.Validate(yaml, source);
        var maxWait = stored.Cluster.Settings.MaxWaitSeconds;
        var steps = check.Renames
            .Select(r => new PlannedStep(RenamingStores, AdminStepActions.StoreRename, target, StoreRenameTarget.Write(r), maxWait))
            .Append(new PlannedStep(Extending, AdminStepActions.HierarchyExtend, target, h.Name, maxWait))
            .ToList();
        var unknown = primaryNames is null || targetNames is null
            ? $"database names not compared now: {(primaryNames is null ? h.PrimaryNode : target)} does not say them (unknown); the extend step compares them again"
            : null;
        var reason = string.Join("; ", new[] { command.Reason, unknown }.OfType<string>());
        var launch = new AdminLaunch(HierarchyExtendProcedure.KindName, h.Name, target, steps, yaml, stored.Version, source, command.Actor,
            reason.Length == 0 ? null : reason, [], picture.PlacedOn, maxWait);
        return await launcher.LaunchAsync(launch, picture, cancellationToken).ConfigureAwait(false);
    }
}
