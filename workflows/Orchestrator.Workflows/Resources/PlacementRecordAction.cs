using Orchestrator.Engine.Steps;

namespace Orchestrator.Workflows.Resources;

/// <summary>Records, with the step's commit, that the hierarchy is now in service on the node (a move inside a longer procedure).</summary>
public sealed class PlacementRecordAction : IStepAction
{
    public string Action => StepActions.PlacementRecord;

    public string Describe(string node, string target) => $"record {target} in service on {node}";

    public Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        execution.Placement = execution.Step.Node;
        return Task.CompletedTask;
    }
}
