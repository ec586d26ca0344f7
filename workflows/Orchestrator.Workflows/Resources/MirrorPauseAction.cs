using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

/// <summary>S27/S29: pauses the mirror that replicates the hierarchy's volumes to the node.</summary>
public sealed class MirrorPauseAction(IMirrorControl mirrors) : IStepAction
{
    public string Action => StepActions.MirrorPause;

    public string Describe(string node, string target) => $"pause the mirror to {node}";

    public Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken) =>
        mirrors.EnsureMirrorPausedAsync(execution.Step.Node, execution.Key, cancellationToken);
}
