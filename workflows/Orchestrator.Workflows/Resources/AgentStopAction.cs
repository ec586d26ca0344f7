using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

/// <summary>S29: stops the cluster agent on the node, leaving its resources in service (lkstop -f).</summary>
public sealed class AgentStopAction(INodeSoftware software) : IStepAction
{
    public string Action => StepActions.AgentStop;

    public string Describe(string node, string target) => $"stop the cluster agent on {node}, leaving its resources in service (lkstop -f)";

    public Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken) =>
        software.EnsureAgentStoppedAsync(execution.Step.Node, execution.Key, cancellationToken);
}
