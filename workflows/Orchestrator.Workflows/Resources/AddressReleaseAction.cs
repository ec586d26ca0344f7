using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

public sealed class AddressReleaseAction(IAddressControl addresses) : IStepAction
{
    public string Action => StepActions.AddressRelease;

    public string Describe(string node, string target) => $"release IP {target} on {node}";

    public Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken) =>
        addresses.EnsureReleasedAsync(execution.Step.Node, execution.Step.Target, execution.Key, cancellationToken);
}
