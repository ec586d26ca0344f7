using Mediator;
using Orchestrator.Domain.Administration;
using Orchestrator.Engine.Definitions;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.RemoveProtection;

/// <summary>
/// S17: launches a <see cref="RemoveProtectionProcedure"/> for a hierarchy of the stored definition (unknown: refused naming the
/// cluster's), carrying the definition without it (<see cref="DefinitionEditor.RemoveHierarchy"/>). Removing protection is
/// allowed wherever the hierarchy is in service, backup included: nothing moves (the world then records the S10 tombstone).
/// </summary>
public sealed class RemoveProtectionHandler(AdminCommandSupport admin) : ICommandHandler<RemoveProtectionCommand, AdminStarted>
{
    public async ValueTask<AdminStarted> Handle(RemoveProtectionCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return await admin.LaunchJudgedOnDefinitionAsync(
            new AdminRequest(RemoveProtectionProcedure.KindName, command.Actor, command.Reason, RemovesHierarchy: true),
            stored => stored.Hierarchy(command.Hierarchy),
            _ => AdminVerdict.Allowed,
            (stored, h) => new AdminEdit(command.Source, DefinitionEditor.RemoveHierarchy(stored.Yaml, h.Name)),
            RemoveProtectionPlan.Steps,
            cancellationToken).ConfigureAwait(false);
    }
}
