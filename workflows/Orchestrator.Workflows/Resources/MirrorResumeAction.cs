using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

/// <summary>S27/S29: resumes the mirror to the node; a partial resync follows.</summary>
public sealed class MirrorResumeAction(IMirrorControl mirrors) : IStepAction
{
    public string Action => StepActions.MirrorResume;

    public string Describe(string node, string target) => $"resume the mirror to {node} (partial resync)";

    public Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken) =>
        mirrors.EnsureMirrorResumedAsync(execution.Step.Node, execution.Key, cancellationToken);
}
