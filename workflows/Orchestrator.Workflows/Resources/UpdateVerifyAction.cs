using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

/// <summary>S29: verifies the application works on the node after the update; a problem stops the run for an operator.</summary>
public sealed class UpdateVerifyAction(INodeSoftware software) : IStepAction
{
    public string Action => StepActions.UpdateVerify;

    public string Describe(string node, string target) => $"verify Exchange works on {node} with {target}";

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        var problem = await software.VerifyAsync(execution.Step.Node, execution.Step.Target, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            throw new EnvironmentException($"verification of {execution.Step.Node} failed: {problem}", transient: false);
        }
    }

    /// <summary>An operator who verified it by hand may skip it.</summary>
    public bool Skippable => true;
}
