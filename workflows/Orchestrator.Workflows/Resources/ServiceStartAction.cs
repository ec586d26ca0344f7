using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

/// <summary>Starts a service and waits for it to run, at most MAXWAIT from the step's first start (S8).</summary>
public sealed class ServiceStartAction(IServiceControl services, EngineOptions options) : IStepAction
{
    public string Action => StepActions.ServiceStart;

    public string Describe(string node, string target) => $"start service {target} on {node}";

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        var (node, service) = (execution.Step.Node, execution.Step.Target);
        var state = await services.EnsureStartedAsync(node, service, execution.Key, cancellationToken).ConfigureAwait(false);
        while (state == ServiceState.Starting)
        {
            if (execution.Time.GetUtcNow() >= execution.Deadline)
            {
                throw new MaxWaitExceededException($"service {service} did not reach running on {node} within MAXWAIT {execution.Step.MaxWaitSeconds} s");
            }

            await Task.Delay(options.ServicePollInterval, execution.Time, cancellationToken).ConfigureAwait(false);
            state = await services.GetStateAsync(node, service, cancellationToken).ConfigureAwait(false);
        }

        if (state != ServiceState.Running)
        {
            throw new EnvironmentException($"service {service} is {state} on {node}");
        }
    }
}
