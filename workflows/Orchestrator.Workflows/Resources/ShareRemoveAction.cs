using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

public sealed class ShareRemoveAction(IShareControl shares) : IStepAction
{
    public string Action => StepActions.ShareRemove;

    public string Describe(string node, string target) => $"remove share {target} on {node}";

    public Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken) =>
        shares.EnsureRemovedAsync(execution.Step.Node, execution.Step.Target, execution.Key, cancellationToken);
}
