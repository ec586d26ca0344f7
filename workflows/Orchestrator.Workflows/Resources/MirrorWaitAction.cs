using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

/// <summary>S27/S29: waits — a persisted poll, not a sleep — until the mirror to the node is mirroring (within MAXWAIT).</summary>
public sealed class MirrorWaitAction(IMirrorProbe mirrors, EngineOptions options) : IStepAction
{
    public string Action => StepActions.MirrorWait;

    public string Describe(string node, string target) => $"wait until the mirror to {node} is mirroring";

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        var state = await mirrors.GetMirrorStateAsync(execution.Step.Node, cancellationToken).ConfigureAwait(false);
        if (state is not (MirrorState.Mirroring or MirrorState.None))
        {
            throw new StepNotReadyException($"the mirror to {execution.Step.Node} to be mirroring (it is {state})", options.ServicePollInterval);
        }
    }
}
