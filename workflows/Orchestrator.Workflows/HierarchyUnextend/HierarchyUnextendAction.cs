using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.HierarchyUnextend;

/// <summary>S12 on the node, when the procedure runs: removes it from the hierarchy (an idempotent effect); the world refuses while the hierarchy is in service there.</summary>
public sealed class HierarchyUnextendAction(IHierarchyAdministration world) : IStepAction
{
    public string Action => AdminStepActions.HierarchyUnextend;

    public string Describe(string node, string target) => $"unextend hierarchy {target} from {node}";

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        if (!await world.UnextendAsync(execution.Step.Node, execution.Step.Target, execution.Key, cancellationToken).ConfigureAwait(false))
        {
            execution.Note = $"{execution.Step.Node} was no longer a node of {execution.Step.Target}";
        }
    }
}
