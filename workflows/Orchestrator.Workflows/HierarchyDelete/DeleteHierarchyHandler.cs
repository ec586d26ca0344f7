using Mediator;
using Orchestrator.Domain.Administration;
using Orchestrator.Engine.Definitions;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.HierarchyDelete;

/// <summary>
/// S13: checks a delete with <see cref="HierarchyDeleteRule"/> on what is running — refused while in service on a backup —
/// before anything is recorded, then launches the procedure: the world forgets it, the definition loses it and its placement.
/// </summary>
public sealed class DeleteHierarchyHandler(AdminCommandSupport admin) : ICommandHandler<DeleteHierarchyCommand, AdminStarted>
{
    public async ValueTask<AdminStarted> Handle(DeleteHierarchyCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var request = new AdminRequest(HierarchyDeleteProcedure.KindName, command.Actor, command.Reason, RemovesHierarchy: true);
        return await admin.LaunchJudgedOnRunningAsync(request, command.Hierarchy, HierarchyDeleteRule.Check, (stored, h, _) =>
            new AdminChange(h.PrimaryNode,
                [new PlannedStep(HierarchyDeleteStates.Deleting, AdminStepActions.HierarchyDelete, h.PrimaryNode, h.Name, stored.Cluster.Settings.MaxWaitSeconds)],
                new AdminEdit($"hierarchy delete {h.Name}", DefinitionEditor.RemoveHierarchy(stored.Yaml, h.Name))),
            cancellationToken).ConfigureAwait(false);
    }
}
