using Mediator;
using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Definitions;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.Services;

/// <summary>
/// S14: checks a services change with <see cref="ServiceListRule"/> (names without spaces, not twice, not already protected or
/// not protected, not the last one) and <see cref="ServiceScope"/> (--all-nodes), every finding at once (refused: bad input,
/// nothing recorded), then launches a <see cref="ServicesChangeProcedure"/>: <see cref="ServicesPlan"/>'s steps on the nodes,
/// then the definition with the new list (<see cref="DefinitionEditor.SetServices"/>).
/// </summary>
public sealed class ChangeServicesHandler(AdminCommandSupport admin) : ICommandHandler<ChangeServicesCommand, AdminStarted>
{
    public async ValueTask<AdminStarted> Handle(ChangeServicesCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return await admin.LaunchJudgedOnDefinitionAsync(
            new AdminRequest(ServicesChangeProcedure.KindName, command.Actor, command.Reason),
            stored => stored.Hierarchy(command.Hierarchy),
            h => Change(command, h).Verdict.Plus(ServiceScope.Check(h, command.AllNodes, command.Words)),
            (stored, h) => new AdminEdit(command.Source, DefinitionEditor.SetServices(stored.Yaml, h.Name, Change(command, h).Services)),
            (h, inServiceOn, maxWait) => command.Remove
                ? ServicesPlan.Removed(h, command.Services, inServiceOn, maxWait)
                : ServicesPlan.Added(h, command.Services, inServiceOn, maxWait),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The rule's outcome for the hierarchy's stored list (pure: the edit asks it again for the list afterwards).</summary>
    private static ServiceChange Change(ChangeServicesCommand command, HierarchyDefinition hierarchy)
    {
        var current = hierarchy.Application.Services.Select(s => s.Name).ToList();
        return command.Remove
            ? ServiceListRule.Remove(hierarchy.Name, current, command.Services)
            : ServiceListRule.Add(hierarchy.Name, current, command.Services);
    }
}
