using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

/// <summary>
/// S22: re-homes every mailbox user homed on the step's target server to the step's node. Users already moved
/// (by an earlier, interrupted run) are no longer homed there and are not moved again.
/// </summary>
public sealed class UsersMoveAction(IDirectoryControl directory) : IStepAction
{
    public string Action => StepActions.UsersMove;

    public string Describe(string node, string target) => $"move the mailbox users homed on {target} to {node}";

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        var (to, from) = (execution.Step.Node, execution.Step.Target);
        var failed = new List<string>();
        foreach (var user in await directory.UsersHomedOnAsync(from, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await directory.EnsureUserHomedAsync(user, to, execution.Key, cancellationToken).ConfigureAwait(false);
            }
            catch (EnvironmentException e)
            {
                failed.Add($"{user} ({e.Message})");
            }
        }

        if (failed.Count > 0)
        {
            throw new EnvironmentException($"28523: {failed.Count} user(s) failed to move from {from} to {to}: {string.Join("; ", failed)}");
        }
    }
}
