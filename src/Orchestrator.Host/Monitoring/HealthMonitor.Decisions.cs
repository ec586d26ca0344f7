using Microsoft.Extensions.Logging;
using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Admission;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Errors;
using Orchestrator.Storage.Leadership;
using Orchestrator.Workflows.Failback;
using Orchestrator.Workflows.Failover;

namespace Orchestrator.Host.Monitoring;

public sealed partial class HealthMonitor
{
    /// <summary>
    /// Launches the failovers the round decided on, together, once every hierarchy is judged (a storm does not wait for
    /// the scan). Each is decided and admitted in turn, in order, and an admitted failover is recorded as an active move
    /// to its target before the next decision, so a later one in the same round sees where the earlier ones go (two
    /// failed primaries do not both take the N+1 spare); the durable part of each (its creating transaction, the dispatch
    /// of its first step) then runs concurrently with the next decisions and launches (<see cref="RoundLaunches"/>).
    /// Anti-flapping is part of the admission of each target, so a cascade goes on; a failover left with no admitted
    /// node is recorded once ("FailoverBlocked", naming the node, the failover and <c>procedures ack</c>) and asked again
    /// on every check. At most <see cref="EngineOptions.FailoverParallelism"/> failovers run (or are being launched) at
    /// once: when they all run, the round launches the next one as soon as one of them ends (<see cref="WaitForSlotAsync"/>)
    /// — a storm does not wait for the next round — and, when none ends within one monitor interval, leaves the rest to
    /// be asked again next round. A launch that fails holds back no other; a stale term stops the round.
    /// </summary>
    private async Task LaunchFailoversAsync(ClusterDefinition cluster, MonitorRound round, int running, CancellationToken cancellationToken)
    {
        if (round.Failovers.Count == 0)
        {
            return;
        }

        // A failover may first suspend a rolling update that yields to it (a transition the launch's fence does not cover):
        // the round's term is checked once before any of them (issue 13); each launch is then fenced in its own transaction.
        await EnsureStillLeadingAsync(cancellationToken).ConfigureAwait(false);
        var parallelism = Math.Max(1, options.FailoverParallelism);
        var situation = await ObserveForAdmissionAsync(cluster, round, cancellationToken).ConfigureAwait(false);
        var launches = new RoundLaunches(mediator, logger, parallelism);
        var slotsStuck = false;
        foreach (var (hierarchy, failed, evidence) in round.Failovers)
        {
            if (launches.Stale)
            {
                break;
            }

            if (running >= parallelism && !slotsStuck)
            {
                // The store counts a launch once it is created: the round's own launches are awaited first.
                await launches.DrainAsync().ConfigureAwait(false);
                running = await WaitForSlotAsync(parallelism, cluster.Settings.MonitorInterval, cancellationToken).ConfigureAwait(false);
                slotsStuck = running >= parallelism;
            }

            if (running >= parallelism)
            {
                logger.LogWarning("Monitor: failover of {Hierarchy} from {Node} waits: {Running} failovers already run (at most {Parallelism} at once) and none ended within {Interval} s; asked again next round",
                    hierarchy.Name, failed, running, options.FailoverParallelism, cluster.Settings.MonitorIntervalSeconds);
                continue;
            }

            try
            {
                var request = new StartFailoverCommand(hierarchy.Name, failed, Actor, evidence, Automatic: true, situation);
                var decided = await mediator.Send(new DecideFailoverCommand(request), cancellationToken).ConfigureAwait(false);
                if (decided.Admitted is not { } admitted)
                {
                    logger.LogWarning("Monitor: failover of {Hierarchy} from {Node}: {Decision}", hierarchy.Name, failed, decided.NotStarted!.Decision);
                    continue;
                }

                running += admitted.Hold is null ? 1 : 0; // counted from its decision: its launch is in flight
                await launches.StartAsync(admitted, cancellationToken).ConfigureAwait(false);
            }
            catch (StaleLeaderException)
            {
                await launches.DrainAsync().ConfigureAwait(false);
                throw;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One failover that cannot be decided does not hold back the others of the round; it is asked again next round.
                logger.LogWarning("Monitor: failover of {Hierarchy} from {Node} not started, asked again next round: {Error}", hierarchy.Name, failed, e.Message);
            }
        }

        await launches.DrainAsync().ConfigureAwait(false);
        foreach (var started in launches.Started)
        {
            _counters.Reset(started + "/"); // a decision that waits is asked again on the next check
        }

        launches.ThrowIfStale();
    }

    /// <summary>
    /// The situation the round's failovers are admitted on, read once: the round's own observation of the nodes and paths,
    /// plus each node's mirror, the placements, the active procedures and the recent failovers with their acknowledgements
    /// (set-based). When it cannot be read, each failover observes the situation itself, as an operator's would.
    /// </summary>
    private async Task<RoundObservation?> ObserveForAdmissionAsync(ClusterDefinition cluster, MonitorRound round, CancellationToken cancellationToken)
    {
        try
        {
            return await admission.ObserveRoundAsync(cluster, round.UpNodes, round.LivePaths(cluster.Paths), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Monitor: the situation for this round's failovers could not be read at once ({Error}); each failover reads its own", e.Message);
            return null;
        }
    }

    /// <summary>S20: with automatic switchback, move back once the better node has been healthy for the stabilisation time.</summary>
    private async Task ConsiderFailbackAsync(ClusterDefinition cluster, HierarchyDefinition hierarchy, string on, MonitorRound round, CancellationToken cancellationToken)
    {
        // S29: a rolling update holds "do not switch back" (intelligent) while it runs; every hold is read once a round.
        var held = await round.HoldsAsync(() => holds.ListHeldAsync(cancellationToken)).ConfigureAwait(false);
        var up = round.AliveNodes;
        var switchback = held.TryGetValue(hierarchy.Name, out var heldName)
            && Enum.TryParse<SwitchbackType>(heldName, ignoreCase: true, out var heldType)
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
