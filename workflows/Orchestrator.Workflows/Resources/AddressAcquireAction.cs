using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

public sealed class AddressAcquireAction(IAddressControl addresses) : IStepAction
{
    public string Action => StepActions.AddressAcquire;

    public string Describe(string node, string target) => $"acquire IP {target} on {node}";

    public Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken) =>
        addresses.EnsureOwnedAsync(execution.Step.Node, execution.Step.Target, execution.Key, cancellationToken);
}
