using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

/// <summary>Checks, when the procedure actually runs, that the target node is still up.</summary>
public sealed class VerifyTargetAction(INodeProbe nodes) : IStepAction
{
    public string Action => StepActions.VerifyTarget;

    public string Describe(string node, string target) => $"verify target {node} is up";

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        if (!await nodes.IsUpAsync(execution.Step.Node, cancellationToken).ConfigureAwait(false))
        {
            throw new EnvironmentException($"target node {execution.Step.Node} is down");
        }
    }
}
