using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

public sealed class VolumeUnmountAction(IVolumeControl volumes) : IStepAction
{
    public string Action => StepActions.VolumeUnmount;

    public string Describe(string node, string target) => $"unmount volume {target} on {node}";

    public Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken) =>
        volumes.EnsureUnmountedAsync(execution.Step.Node, execution.Step.Target, execution.Key, cancellationToken);
}
