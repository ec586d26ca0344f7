namespace Orchestrator.Engine.Steps;

/// <summary>
/// One kind of resource action (stop a service, mount a volume…). Runs at least once, so it must be
/// idempotent: "ensure" calls with the step's effect key.
/// </summary>
public interface IStepAction
{
    /// <summary>The name stored in the step row, e.g. "service.stop".</summary>
    string Action { get; }

    /// <summary>What the step does, in words, e.g. "stop service MSExchangeIS on node1".</summary>
    string Describe(string node, string target);

    Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken);

    /// <summary>Whether an operator may skip this step after it failed (`procedures skip`), e.g. a verification done by hand.</summary>
    bool Skippable => false;
}
