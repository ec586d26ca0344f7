using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Steps;
using Orchestrator.Storage.Holds;

namespace Orchestrator.Workflows.Resources;

/// <summary>S29: holds the hierarchy's switchback type at "do not switch back" (intelligent) while the update runs.</summary>
public sealed class SwitchbackHoldAction(ISwitchbackHoldStore holds) : IStepAction
{
    public string Action => StepActions.SwitchbackHold;

    public string Describe(string node, string target) => $"set the switchback type of {target} to \"do not switch back\" (intelligent) while the update runs";

    public Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken) =>
        holds.HoldAsync(execution.Step.Target, nameof(SwitchbackType.Intelligent).ToLowerInvariant(), execution.Procedure.Id, execution.Time.GetUtcNow(), cancellationToken);
}
