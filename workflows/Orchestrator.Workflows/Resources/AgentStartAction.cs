using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

/// <summary>S29: restarts the cluster agent on the node after the install.</summary>
public sealed class AgentStartAction(INodeSoftware software) : IStepAction
{
    public string Action => StepActions.AgentStart;

    public string Describe(string node, string target) => $"restart the cluster agent on {node}";

    public Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken) =>
        software.EnsureAgentRunningAsync(execution.Step.Node, execution.Key, cancellationToken);
}
