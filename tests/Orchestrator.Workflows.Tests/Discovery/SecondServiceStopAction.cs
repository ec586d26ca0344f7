using Orchestrator.Engine.Steps;
using Orchestrator.Workflows.Resources;

namespace Orchestrator.Workflows.Tests.Discovery;

/// <summary>A step action that claims a name another one already has.</summary>
internal sealed class SecondServiceStopAction : IStepAction
{
    public string Action => StepActions.ServiceStop;

    public string Describe(string node, string target) => $"stop {target} on {node} again";

    public Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken) => Task.CompletedTask;
}
