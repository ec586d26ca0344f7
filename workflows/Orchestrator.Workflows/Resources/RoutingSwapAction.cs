using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Workflows.Resources;

/// <summary>
/// S23: swap the failed primary (step target) and the backup (step node) between their routing groups — only when
/// the failed primary is first in the public-folder owner list and the backup is in another routing group. The
/// decision is taken on the groups as set up, so a re-run after a crash decides the same way.
/// </summary>
public sealed class RoutingSwapAction(IRoutingControl routing) : IStepAction
{
    public string Action => StepActions.RoutingSwap;

    public string Describe(string node, string target) => $"swap routing groups of {target} and {node} if S23 requires it";

    public async Task ExecuteAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        var (backup, failed) = (execution.Step.Node, execution.Step.Target);
        var owners = await routing.PublicFolderOwnersAsync(cancellationToken).ConfigureAwait(false);
        var failedGroup = await routing.OriginalRoutingGroupOfAsync(failed, cancellationToken).ConfigureAwait(false);
        var backupGroup = await routing.OriginalRoutingGroupOfAsync(backup, cancellationToken).ConfigureAwait(false);
        var firstOwner = owners.Count > 0 && string.Equals(owners[0], failed, StringComparison.OrdinalIgnoreCase);
        var (swap, reason) = RoutingGroupSwapRule.Decide(nPlusOne: false, firstOwner, failedGroup, backupGroup);
        if (swap)
        {
            await routing.EnsureRoutingGroupAsync(failed, backupGroup!, execution.Key, cancellationToken).ConfigureAwait(false);
            await routing.EnsureRoutingGroupAsync(backup, failedGroup!, execution.Key, cancellationToken).ConfigureAwait(false);
        }

        execution.Note = (swap ? "swapped: " : "no swap: ") + reason;
    }
}
