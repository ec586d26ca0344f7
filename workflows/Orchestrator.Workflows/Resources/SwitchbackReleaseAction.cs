using Orchestrator.Engine.Steps;
using Orchestrator.Storage.Holds;

namespace Orchestrator.Workflows.Resources;

/// <summary>S29: gives the hierarchy back the switchback type the operator had (the definition's).</summary>
public sealed class SwitchbackReleaseAction(ISwitchbackHoldStore holds) : IStepAction
{
    public string Action => StepActions.SwitchbackRelease;

    public string Describe(string node, string target) => $"restore the switchback type the operator had for {target}";

    public Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken) =>
        holds.ReleaseAsync(execution.Step.Target, execution.Procedure.Id, cancellationToken);
}
