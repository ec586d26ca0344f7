using Mediator;
using Orchestrator.Domain.Administration;
using Orchestrator.Engine.Commands;
using Orchestrator.Engine.Definitions;
using Orchestrator.Storage.Definitions;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.Services;

/// <summary>
/// S14: checks a services change with <see cref="ServiceListRule"/> (names without spaces, not twice, not already protected or
/// not protected, not the last one) and <see cref="ServiceScope"/> (--all-nodes), every finding at once (refused: bad input,
/// nothing recorded), then launches a <see cref="ServicesChangeProcedure"/>: <see cref="ServicesPlan"/>'s steps on the nodes,
/// then the definition with the new list (<see cref="DefinitionEditor.SetServices"/>).
/// </summary>
public sealed class ChangeServicesHandler(IClusterDefinitionStore definitions, AdminProcedureLauncher launcher) : ICommandHandler<ChangeServicesCommand, AdminStarted>
{
    public async ValueTask<AdminStarted> Handle(ChangeServicesCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var stored = await StoredCluster.ReadAsync(definitions, cancellationToken).ConfigureAwait(false);
        var hierarchy = stored.Hierarchy(command.Hierarchy);
        var current = hierarchy.Application.Services.Select(s => s.Name).ToList();
        var change = command.Remove
            ? ServiceListRule.Remove(hierarchy.Name, current, command.Services)
            : ServiceListRule.Add(hierarchy.Name, current, command.Services);
        AdminVerdicts.Enforce(change.Verdict.Plus(ServiceScope.Check(hierarchy, command.AllNodes, command.Words)), force: false);
        var next = DefinitionEditor.SetServices(stored.Yaml, hierarchy.Name, change.Services);
        StoredCluster.Validate(next, command.Source);
        var maxWait = stored.Cluster.Settings.MaxWaitSeconds;
        return await ProcedureLauncher.PlanFromCurrentStateAsync(async () =>
        {
            var picture = await launcher.TakeAsync(hierarchy.Name, cancellationToken).ConfigureAwait(false);
            var steps = command.Remove
                ? ServicesPlan.Removed(hierarchy, command.Services, picture.PlacedOn, maxWait)
                : ServicesPlan.Added(hierarchy, command.Services, picture.PlacedOn, maxWait);
            var launch = new AdminLaunch(ServicesChangeProcedure.KindName, hierarchy.Name, picture.PlacedOn ?? hierarchy.PrimaryNode, steps, next, stored.Version,
                command.Source, command.Actor, command.Reason, [], picture.PlacedOn, maxWait);
            return await launcher.LaunchAsync(launch, picture, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }
}
