using Mediator;
using Orchestrator.Domain.Administration;
using Orchestrator.Engine.Definitions;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.HierarchyUnextend;

/// <summary>
/// S12: checks an unextend with <see cref="HierarchyUnextendRule"/> on what is running — refused from a node it is in service
/// on, from its only node, from the primary while it runs on a backup; the primary otherwise only with --force (S6, audited) —
/// before anything is recorded, then launches the procedure: the node removed, the definition without it.
/// </summary>
public sealed class UnextendHierarchyHandler(AdminCommandSupport admin) : ICommandHandler<UnextendHierarchyCommand, AdminStarted>
{
    public async ValueTask<AdminStarted> Handle(UnextendHierarchyCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var request = new AdminRequest(HierarchyUnextendProcedure.KindName, command.Actor, command.Reason, command.Force);
        return await admin.LaunchJudgedOnRunningAsync(request, command.Hierarchy, (h, running) => HierarchyUnextendRule.Check(h, command.Node, running), (stored, h, _) =>
        {
            var node = h.Priorities.First(p => string.Equals(p.Node, command.Node, StringComparison.OrdinalIgnoreCase)).Node;
            return new AdminChange(node,
                [new PlannedStep(HierarchyUnextendStates.Unextending, AdminStepActions.HierarchyUnextend, node, h.Name, stored.Cluster.Settings.MaxWaitSeconds)],
                new AdminEdit($"hierarchy unextend {h.Name} --from {node}{(command.Force ? " --force" : "")}", DefinitionEditor.RemovePriority(stored.Yaml, h.Name, node)));
        }, cancellationToken).ConfigureAwait(false);
    }
}
