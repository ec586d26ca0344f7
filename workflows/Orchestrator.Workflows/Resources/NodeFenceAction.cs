using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

/// <summary>Makes the failed node unable to serve (power off) before anything is brought up elsewhere (S3).</summary>
public sealed class NodeFenceAction(INodeFence fence) : IStepAction
{
    public string Action => StepActions.NodeFence;

    public string Describe(string node, string target) => $"fence {target} (power off)";

    public Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken) =>
        fence.EnsureFencedAsync(execution.Step.Target, execution.Key, cancellationToken);
}
