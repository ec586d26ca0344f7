using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.HierarchyDelete;

/// <summary>
/// S13, when the procedure runs: the world forgets the hierarchy (an idempotent effect), told where it is in service now (the
/// placement read at run time) and its primary (the step's node), so that a hierarchy deleted on a backup leaves its tombstone.
/// </summary>
public sealed class HierarchyDeleteAction(IProcedureStore procedures, IHierarchyAdministration world) : IStepAction
{
    public string Action => AdminStepActions.HierarchyDelete;

    public string Describe(string node, string target) => $"delete hierarchy {target} (primary {node})";

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var (primary, hierarchy) = (execution.Step.Node, execution.Step.Target);
        var picture = await procedures.GetPictureAsync(hierarchy, cancellationToken).ConfigureAwait(false);
        if (!await world.DeleteAsync(hierarchy, picture.PlacedOn, primary, execution.Key, cancellationToken).ConfigureAwait(false))
        {
            execution.Note = $"the world no longer recorded {hierarchy}";
        }
    }
}
