using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

/// <summary>On failback: any routing-group swap is reversed — both servers return to the groups they were set up in.</summary>
public sealed class RoutingRestoreAction(IRoutingControl routing) : IStepAction
{
    public string Action => StepActions.RoutingRestore;

    public string Describe(string node, string target) => $"return {node} and {target} to their own routing groups";

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        var restored = new List<string>();
        foreach (var server in new[] { execution.Step.Node, execution.Step.Target })
        {
            var original = await routing.OriginalRoutingGroupOfAsync(server, cancellationToken).ConfigureAwait(false);
            if (original is null || string.Equals(original, await routing.RoutingGroupOfAsync(server, cancellationToken).ConfigureAwait(false), StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            await routing.EnsureRoutingGroupAsync(server, original, execution.Key, cancellationToken).ConfigureAwait(false);
            restored.Add($"{server} back in {original}");
        }

        execution.Note = restored.Count == 0 ? "no swap to reverse" : string.Join(", ", restored);
    }
}
