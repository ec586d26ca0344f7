using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

public sealed class VolumeMountAction(IVolumeControl volumes) : IStepAction
{
    public string Action => StepActions.VolumeMount;

    public string Describe(string node, string target) => $"mount volume {target} on {node}";

    public Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken) =>
        volumes.EnsureMountedAsync(execution.Step.Node, execution.Step.Target, execution.Key, cancellationToken);
}
