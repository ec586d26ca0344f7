using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;
using Orchestrator.Workflows.Resources;

namespace Orchestrator.Workflows.RollingUpdate;

/// <summary>
/// Cluster update: the hierarchies whose best node is the updated node come back to it — unless its update failed,
/// when they stay where they are (in service on a healthy node).
/// </summary>
public sealed class HierarchiesMoveBackAction(ChildMoves moves, INodeSoftware software) : IStepAction
{
    public string Action => StepActions.HierarchiesMoveBack;

    public string Describe(string node, string target) => $"move the hierarchies whose best node is {node} back to it";

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        var node = execution.Step.Node;
        var package = NodeUpdateTarget.Parse(execution.Step.Target).Package;
        if (await software.VerifyAsync(node, package, cancellationToken).ConfigureAwait(false) is { } problem)
        {
            execution.Note = $"{node} failed its update ({problem}); its hierarchies stay where they are";
            return;
        }

        var moved = await moves.MoveAsync(
            execution,
            (context, up) => string.Equals(context.Hierarchy.PrimaryNode, node, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(context.PlacedOn, node, StringComparison.OrdinalIgnoreCase) && context.PlacedOn is not null && up.Contains(node)
                ? [node]
                : [],
            $"rolling update: back to {node} after its update",
            cancellationToken).ConfigureAwait(false);
        execution.Note = moved.Count == 0 ? $"no hierarchy to move back to {node}" : $"moved back {string.Join(", ", moved)}";
    }
}
