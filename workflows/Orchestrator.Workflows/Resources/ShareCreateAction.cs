using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

public sealed class ShareCreateAction(IShareControl shares) : IStepAction
{
    public string Action => StepActions.ShareCreate;

    public string Describe(string node, string target) => $"restore share {target} on {node}";

    public Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken) =>
        shares.EnsureSharedAsync(execution.Step.Node, execution.Step.Target, execution.Key, cancellationToken);
}
