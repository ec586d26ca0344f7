using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

/// <summary>
/// S24 (N+1): the spare (step target) has no public-folder store, so every mailbox homed on it gets the public
/// store of another primary (step node) as its default.
/// </summary>
public sealed class PublicStoreRewriteAction(IDirectoryControl directory, IPublicStoreControl stores) : IStepAction
{
    public string Action => StepActions.PublicStoreRewrite;

    public string Describe(string node, string target) => $"point the default public store of every mailbox on {target} at {node}";

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        var users = await directory.UsersHomedOnAsync(execution.Step.Target, cancellationToken).ConfigureAwait(false);
        foreach (var user in users)
        {
            await stores.EnsureDefaultPublicStoreAsync(user, execution.Step.Node, execution.Key, cancellationToken).ConfigureAwait(false);
        }

        execution.Note = $"{users.Count} mailbox(es) now use the public store on {execution.Step.Node}";
    }
}
