using Orchestrator.Engine.Steps;
using Orchestrator.Workflows.Resources;

namespace Orchestrator.Workflows.RollingUpdate;

/// <summary>Cluster update: every hierarchy in service on the node moves to its next-priority live node that is admitted (child switchovers).</summary>
public sealed class HierarchiesMoveOffAction(ChildMoves moves) : IStepAction
{
    public string Action => StepActions.HierarchiesMoveOff;

    public string Describe(string node, string target) => $"move every hierarchy in service on {node} to its next-priority node";

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        var node = execution.Step.Node;
        var moved = await moves.MoveAsync(
            execution,
            (context, up) => string.Equals(context.PlacedOn, node, StringComparison.OrdinalIgnoreCase)
                ? context.Hierarchy.Priorities.OrderBy(p => p.Priority).Select(p => p.Node)
                    .Where(n => !string.Equals(n, node, StringComparison.OrdinalIgnoreCase) && up.Contains(n)).ToList()
                : [],
            $"rolling update: move off {node} before it is updated",
            cancellationToken).ConfigureAwait(false);
        execution.Note = moved.Count == 0 ? $"nothing was in service on {node}" : $"moved {string.Join(", ", moved)}";
    }
}
