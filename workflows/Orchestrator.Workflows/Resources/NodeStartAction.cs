using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

/// <summary>S29: starts the node again after its planned shutdown.</summary>
public sealed class NodeStartAction(INodeSoftware software) : IStepAction
{
    public string Action => StepActions.NodeStart;

    public string Describe(string node, string target) => $"start {node} again";

    public Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken) =>
        software.EnsureNodeStartedAsync(execution.Step.Node, execution.Key, cancellationToken);
}
