using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Workflows.RemoveProtection;

/// <summary>
/// S17: the world forgets the hierarchy (its nodes, services, volumes, address and records stay as they are, in service where
/// they are). The step's node is the hierarchy's primary; where it is in service is read from the orchestrator's placement,
/// which cannot change while this procedure holds the hierarchy. In service on a backup, the world records the tombstone a
/// later `hierarchy create` of that name needs repaired first (S10). One effect keyed by the step.
/// </summary>
public sealed class HierarchyForgetAction(IHierarchyAdministration world, IProcedureStore procedures) : IStepAction
{
    public string Action => RemoveProtectionStepActions.HierarchyForget;

    public string Describe(string node, string target) => $"forget hierarchy {target} in the world (primary {node}); its resources stay where they are";

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var hierarchy = execution.Step.Target;
        var picture = await procedures.GetPictureAsync(hierarchy, cancellationToken).ConfigureAwait(false);
        var changed = await world.DeleteAsync(hierarchy, picture.PlacedOn, execution.Step.Node, execution.Key, cancellationToken).ConfigureAwait(false);
        execution.Note = changed ? null : $"the world had already forgotten hierarchy {hierarchy}";
    }
}
