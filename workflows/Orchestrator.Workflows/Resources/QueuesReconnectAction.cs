using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

/// <summary>S26: mail queued on the other servers for the old server is sent on to the active one.</summary>
public sealed class QueuesReconnectAction(IQueueControl queues) : IStepAction
{
    public string Action => StepActions.QueuesReconnect;

    public string Describe(string node, string target) => $"reconnect the other servers' queues from {target} to {node}";

    public Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken) =>
        queues.EnsureQueuesReconnectedAsync(execution.Step.Target, execution.Step.Node, execution.Key, cancellationToken);
}
