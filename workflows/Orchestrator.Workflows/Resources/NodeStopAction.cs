using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

/// <summary>S29: a planned shutdown of the node (the first half of "restart the primary"); nothing of the hierarchy runs there.</summary>
public sealed class NodeStopAction(INodeSoftware software) : IStepAction
{
    public string Action => StepActions.NodeStop;

    public string Describe(string node, string target) => $"shut {node} down (planned restart)";

    public Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken) =>
        software.EnsureNodeStoppedAsync(execution.Step.Node, execution.Key, cancellationToken);
}
