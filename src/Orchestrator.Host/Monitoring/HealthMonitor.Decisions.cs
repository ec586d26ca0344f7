using Microsoft.Extensions.Logging;
using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Commands.AcknowledgeProcedure;
using Orchestrator.Storage.Audit;
using Orchestrator.Workflows.Failback;
using Orchestrator.Workflows.Failover;

namespace Orchestrator.Host.Monitoring;

public sealed partial class HealthMonitor
{
    /// <summary>Fails over unless anti-flapping blocks it (then says so once, with the way out).</summary>
    private async Task FailOverAsync(ClusterDefinition cluster, HierarchyDefinition hierarchy, string failed, string evidence, CancellationToken cancellationToken)
    {
        var last = (await store.ListAsync(hierarchy.Name, 50, cancellationToken).ConfigureAwait(false)).FirstOrDefault(p => p.Kind == FailoverProcedure.KindName);
        if (last is not null)
        {
            var acknowledged = (await audit.ListAsync(new AuditQuery(ProcedureId: last.Id), cancellationToken).ConfigureAwait(false))
                .Where(r => r.TriggerName == AcknowledgeProcedureHandler.Trigger).Select(r => (DateTimeOffset?)r.At).LastOrDefault();
            var (blocked, why) = AntiFlappingRule.IsBlocked(last.CreatedAt, acknowledged, time.GetUtcNow(), cluster.Settings.FailoverBlock);
            if (blocked)
            {
                if (_reportedBlocks.Add($"{hierarchy.Name}#{last.Id}"))
                {
                    await AuditAsync(hierarchy, "FailoverBlocked",
                        $"{evidence}; automatic failover blocked: {why}; `orchestrator procedures ack {last.Id}` lifts the block", cancellationToken).ConfigureAwait(false);
                }

                return;
            }
        }

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
        await mediator.Send(new StartFailbackCommand(hierarchy.Name, target, Actor, reason), cancellationToken).ConfigureAwait(false);
    }
}
