using Microsoft.Extensions.Logging;
using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Errors;
using Orchestrator.Workflows.Failback;
using Orchestrator.Workflows.Failover;

namespace Orchestrator.Host.Monitoring;

public sealed partial class HealthMonitor
{
    /// <summary>
    /// Fails over. Anti-flapping is part of the admission of each target (a node that failed under the hierarchy recently
    /// is skipped, a node not yet involved is not), so a cascade goes on; a failover left with no admitted node is recorded
    /// once ("FailoverBlocked", naming the node, the failover and <c>procedures ack</c>) and asked again on every check.
    /// </summary>
    private async Task FailOverAsync(HierarchyDefinition hierarchy, string failed, string evidence, CancellationToken cancellationToken)
    {
        var outcome = await mediator.Send(new StartFailoverCommand(hierarchy.Name, failed, Actor, evidence, Automatic: true), cancellationToken).ConfigureAwait(false);
        if (outcome.Started is not null)
        {
            _counters.Reset(hierarchy.Name + "/"); // a decision that waits is asked again on the next check
        }

        logger.LogWarning("Monitor: failover of {Hierarchy} from {Node}: {Decision}", hierarchy.Name, failed, outcome.Decision);
    }

    /// <summary>S20: with automatic switchback, move back once the better node has been healthy for the stabilisation time.</summary>
    private async Task ConsiderFailbackAsync(ClusterDefinition cluster, HierarchyDefinition hierarchy, string on, IReadOnlySet<string> up, CancellationToken cancellationToken)
    {
        // S29: a rolling update holds "do not switch back" (intelligent) while it runs.
        var switchback = await holds.HeldAsync(hierarchy.Name, cancellationToken).ConfigureAwait(false) is { } held
            && Enum.TryParse<SwitchbackType>(held, ignoreCase: true, out var heldType)
            ? heldType
            : hierarchy.SwitchbackOr(cluster.Settings);
        if (switchback != SwitchbackType.Automatic || SwitchbackRule.FailbackTarget(cluster, hierarchy, on, up) is not { } target)
        {
            return;
        }

        var now = time.GetUtcNow();
        var since = _counters.HealthySince(target, true, now);
        if (!SwitchbackRule.ShouldFailBackAutomatically(switchback, since, now, cluster.Settings.FailbackStabilisation))
        {
            return;
        }

        var reason = $"automatic switchback: {target} (priority {hierarchy.PriorityOf(target)}) has been healthy since {since:u}, longer than the stabilisation time of {cluster.Settings.FailbackStabilisationSeconds} s";
        try
        {
            await mediator.Send(new StartFailbackCommand(hierarchy.Name, target, Actor, reason, Automatic: true), cancellationToken).ConfigureAwait(false);
        }
        catch (BadInputException e)
        {
            // Not admitted (anti-flapping, a mirror…): the failback handler recorded the decision once; asked again next check.
            logger.LogInformation("Monitor: automatic switchback of {Hierarchy} to {Node} not started: {Reason}", hierarchy.Name, target, e.Message);
        }
    }
}
