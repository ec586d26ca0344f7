using System.Globalization;
using Orchestrator.Engine.Steps;

namespace Orchestrator.Workflows.Resources;

/// <summary>
/// S29: waits until the scheduled time (the step's target, an ISO-8601 instant, or "now") — a persisted timer on the
/// TimeProvider's clock, so a restart keeps it and tests run hours in milliseconds.
/// </summary>
public sealed class ScheduleWaitAction : IStepAction
{
    public const string Now = "now";

    public string Action => StepActions.ScheduleWait;

    public string Describe(string node, string target) =>
        target == Now ? $"switch back to {node} at once" : $"wait until {target} to switch back to {node}";

    public Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        var target = execution.Step.Target;
        if (target == Now)
        {
            return Task.CompletedTask;
        }

        var due = DateTimeOffset.Parse(target, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var left = due - execution.Time.GetUtcNow();
        return left <= TimeSpan.Zero
            ? Task.CompletedTask
            : throw new StepNotReadyException($"the scheduled switchback time {target}", left);
    }
}
