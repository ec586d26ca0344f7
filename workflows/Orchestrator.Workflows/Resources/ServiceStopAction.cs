using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

public sealed class ServiceStopAction(IServiceControl services) : IStepAction
{
    public string Action => StepActions.ServiceStop;

    public string Describe(string node, string target) => $"stop service {target} on {node}";

    public Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken) =>
        services.EnsureStoppedAsync(execution.Step.Node, execution.Step.Target, execution.Key, cancellationToken);
}
