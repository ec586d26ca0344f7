using Mediator;
using Orchestrator.Domain.Administration;
using Orchestrator.Engine.Commands;
using Orchestrator.Engine.Definitions;
using Orchestrator.Storage.Definitions;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.Dependency;

/// <summary>
/// S5: checks a dependency change with <see cref="DependencyRule"/> on the hierarchy's <see cref="ResourceTree"/> (unknown
/// resource, a resource under itself, a cycle, an orphan: refused, bad input, nothing recorded), then launches a
/// <see cref="DependencyChangeProcedure"/> carrying the definition edited by <see cref="DefinitionEditor"/>.
/// </summary>
public sealed class ChangeDependencyHandler(IClusterDefinitionStore definitions, AdminProcedureLauncher launcher) : ICommandHandler<ChangeDependencyCommand, AdminStarted>
{
    public async ValueTask<AdminStarted> Handle(ChangeDependencyCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var stored = await StoredCluster.ReadAsync(definitions, cancellationToken).ConfigureAwait(false);
        var hierarchy = DependencyHierarchy.Find(stored.Cluster, command.Parent, command.Child, command.Hierarchy);
        var tree = ResourceTree.Of(hierarchy);
        var verdict = command.Remove
            ? DependencyRule.Remove(tree, command.Parent, command.Child)
            : DependencyRule.Add(tree, command.Parent, command.Child);
        AdminVerdicts.Enforce(verdict, force: false);
        var source = command.Source(hierarchy.Name);
        var next = command.Remove
            ? DefinitionEditor.RemoveDependency(stored.Yaml, hierarchy.Name, command.Parent, command.Child)
            : DefinitionEditor.AddDependency(stored.Yaml, hierarchy.Name, command.Parent, command.Child);
        StoredCluster.Validate(next, source);
        return await ProcedureLauncher.PlanFromCurrentStateAsync(async () =>
        {
            var picture = await launcher.TakeAsync(hierarchy.Name, cancellationToken).ConfigureAwait(false);
            var launch = new AdminLaunch(DependencyChangeProcedure.KindName, hierarchy.Name, picture.PlacedOn ?? hierarchy.PrimaryNode, [], next, stored.Version,
                source, command.Actor, command.Reason, [], picture.PlacedOn, stored.Cluster.Settings.MaxWaitSeconds);
            return await launcher.LaunchAsync(launch, picture, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }
}
