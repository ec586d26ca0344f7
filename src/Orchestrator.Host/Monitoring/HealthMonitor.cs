using Mediator;
using Microsoft.Extensions.Logging;
using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Leadership;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Holds;
using Orchestrator.Workflows.Failover;

namespace Orchestrator.Host.Monitoring;

/// <summary>
/// S18: checks, for every hierarchy in service, its node, its protected services and its volumes. Each round
/// observes every node once (probe and communication paths, concurrently up to a bound), reads each node's resources
/// once (<see cref="INodeResourceProbe"/>) and judges every hierarchy from that observation with
/// <see cref="Domain.Rules.NodeLivenessRule"/>; a node that cannot be judged is unknown, never a reason to act. The
/// round's failovers are launched together once every hierarchy is judged. A
/// failure seen on as many consecutive checks as the cluster's failure threshold first gets local recovery (restart
/// the service, remount); only when that fails, or the node is gone, a failover — unless anti-flapping blocks it.
/// An error while checking one hierarchy makes only that one unknown for the round.
/// With automatic switchback (S20) it also fails back once the better node has been healthy long enough.
/// Every decision is an audit row with actor <c>monitor</c> and the evidence.
/// </summary>
public sealed partial class HealthMonitor(
    CurrentDefinition definitions,
    IProcedureStore store,
    Engine.Commands.ProcedureSuspender suspender,
    ISwitchbackHoldStore holds,
    WorldReconciler reconciler,
    IAuditJournal audit,
    INodeProbe nodes,
    IPathProbe paths,
    IAddressControl addresses,
    IDnsControl dns,
    IServiceControl services,
    IVolumeControl volumes,
    INodeResourceProbe resources,
    IMonitorCounterStore counterStore,
    ILeaderStore leaders,
    EngineOptions options,
    Engine.Admission.MoveAdmissionCheck admission,
    IMediator mediator,
    TimeProvider time,
    ILogger<HealthMonitor> logger)
{
    public const string Actor = "monitor";

    private readonly CheckCounters _counters = new();
    private readonly UnknownEpisodes _unknown = new();
    private readonly KeptAnswers _kept = new();
    private readonly ResourceQueries _queries = new();
    private int _round;

    /// <summary>The interval between checks, from the cluster definition.</summary>
    public async Task<TimeSpan> IntervalAsync(CancellationToken cancellationToken) =>
        (await definitions.GetAsync(cancellationToken).ConfigureAwait(false)).Definition.Settings.MonitorInterval;

    /// <summary>Audit trigger: a node's liveness cannot be judged this round (said once per episode; never a reason to act).</summary>
    public const string LivenessUnknownTrigger = "LivenessUnknown";

    /// <summary>Audit trigger: checking a hierarchy failed this round, so its health is unknown (said once per episode).</summary>
    public const string HealthUnknownTrigger = "HealthUnknown";

    /// <summary>
    /// One round: observe every node once, then judge every hierarchy in service from that observation. Each
    /// hierarchy's check is isolated: an error while checking one makes that one unknown, and the others are still
    /// checked (and failed over) in the same round. The check counters are resumed from the database at a term's first
    /// round and the ones the round changed are stored at its end (issue 13).
    /// </summary>
    public async Task CheckOnceAsync(CancellationToken cancellationToken)
    {
        await ResumeCountersAsync(cancellationToken).ConfigureAwait(false);
        await RoundAsync(cancellationToken).ConfigureAwait(false);
        await SaveCountersAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One round whose decisions carry <paramref name="fence"/>'s epoch (issue 13): every launch and audit row it writes is
    /// refused, in the same transaction, once the term is stale or expired — <see cref="StaleLeaderException"/> ends the
    /// round, nothing written. Null: not fenced (a round driven directly, as the tests do).
    /// </summary>
    public async Task CheckOnceAsync(LeaderFence? fence, CancellationToken cancellationToken)
    {
        using var fenced = LeaderFence.Enter(fence);
        await CheckOnceAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RoundAsync(CancellationToken cancellationToken)
    {
        _round++;
        var (cluster, version) = await definitions.GetAsync(cancellationToken).ConfigureAwait(false);
        await ReconcileWorldAsync(cluster, version, cancellationToken).ConfigureAwait(false);
        var marks = await MarksAsync(cancellationToken).ConfigureAwait(false); // before anything it covers is asked
        var placements = await store.GetPlacementsAsync(cancellationToken).ConfigureAwait(false);
        // A hierarchy with an active procedure is left to it — except that under one that yields to a failover (a rolling
        // update, S29) the monitor still watches the node the hierarchy is placed on, and fails over when it dies.
        var procedures = await store.ListActiveAsync(cancellationToken).ConfigureAwait(false);
        var active = procedures.Where(p => !suspender.YieldsToFailover(p)).Select(p => p.Hierarchy).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var yielding = procedures.Where(suspender.YieldsToFailover).Select(p => p.Hierarchy).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var round = await ObserveAsync(cluster, marks, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        foreach (var verdict in round.Verdicts)
        {
            _counters.HealthySince(verdict.Node, verdict.IsAlive, now);
        }

        var placedOn = placements.Where(p => p.Node is not null).GroupBy(p => p.Hierarchy, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Node!, StringComparer.OrdinalIgnoreCase);
        // Every node's resources are read once (not once per hierarchy): those of the hierarchies checked in full on it.
        var checkedInFull = cluster.Hierarchies
            .Where(h => placedOn.ContainsKey(h.Name) && !active.Contains(h.Name) && !yielding.Contains(h.Name))
            .Select(h => (Hierarchy: h, On: placedOn[h.Name]))
            .Where(c => !round.VerdictOf(c.On).IsUnreachable)
            .ToList();
        await ReadResourcesAsync(cluster, checkedInFull, round, marks.Resources, cancellationToken).ConfigureAwait(false);
        foreach (var hierarchy in cluster.Hierarchies)
        {
            var on = placedOn.GetValueOrDefault(hierarchy.Name);
            if (on is null || active.Contains(hierarchy.Name))
            {
                _counters.Reset(hierarchy.Name + "/");
                _unknown.EndAll(hierarchy.Name + "/");
                continue;
            }

            try
            {
                await CheckHierarchyAsync(cluster, hierarchy, on, round, nodeOnly: yielding.Contains(hierarchy.Name), cancellationToken).ConfigureAwait(false);
                if (!_unknown.IsEmpty)
                {
                    _unknown.End(CheckEpisode(hierarchy));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException and not StaleLeaderException)
            {
                if (_unknown.Begin(CheckEpisode(hierarchy)))
                {
                    await AuditAsync(hierarchy, HealthUnknownTrigger,
                        $"health of {hierarchy.Name} on {on} unknown: checking it failed ({e.Message}); not a reason to fail over; "
                        + "it is checked again every round (said once until a check succeeds), and the other hierarchies are checked as usual",
                        cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    logger.LogDebug("Monitor: health of {Hierarchy} still unknown: {Error}", hierarchy.Name, e.Message);
                }
            }
        }

        // A failover held for an operator (S19) or waiting for one does not run: it takes no slot.
        var running = procedures.Count(TakesASlot);
        await LaunchFailoversAsync(cluster, round, running, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A definition version the world has not been reconciled with yet (an apply interrupted while serve runs) is seeded
    /// once it has been stored for one interval — by then its own apply has either seeded the world or died.
    /// </summary>
    private async Task ReconcileWorldAsync(ClusterDefinition cluster, long version, CancellationToken cancellationToken)
    {
        if (reconciler.ReconciledVersion == version)
        {
            return; // this process reconciled it already (at start, or in an earlier round)
        }

        try
        {
            await reconciler.ReconcileAsync(cluster.Settings.MonitorInterval, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Monitor: could not reconcile the world with definition v{Version}, will try again: {Error}", version, e.Message);
        }
    }

    private async Task CheckHierarchyAsync(
        ClusterDefinition cluster, HierarchyDefinition hierarchy, string on, MonitorRound round, bool nodeOnly, CancellationToken cancellationToken)
    {
        var verdict = round.VerdictOf(on);
        switch (verdict.Liveness)
        {
            case NodeLiveness.Unreachable:
                EndLivenessEpisode(hierarchy, on);
                NodeFailed(cluster, hierarchy, on, verdict.Evidence, round);
                return;
            case NodeLiveness.Unknown:
                // Never a reason to fail over, fence or block; the failure count of the node is left as it was.
                if (_unknown.Begin(LivenessEpisode(hierarchy, on)))
                {
                    await AuditAsync(hierarchy, LivenessUnknownTrigger,
                        $"{verdict.Evidence}; not a reason to fail over, fence or block {hierarchy.Name}: its resources on {on} are still checked (said once until {on} can be judged again)",
                        cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                EndLivenessEpisode(hierarchy, on);
                if (!_counters.IsEmpty)
                {
                    _counters.Pass(NodeSubject(hierarchy, on));
                }

                break;
        }

        if (nodeOnly)
        {
            return; // its resources are being worked on by the procedure (services stopped during a planned move…)
        }

        switch (await CheckResourcesAsync(cluster, hierarchy, on, round, cancellationToken).ConfigureAwait(false))
        {
            case ResourceHealth.NodeGone:
                NodeFailed(cluster, hierarchy, on, round.VerdictOf(on).Evidence, round);
                break;
            case ResourceHealth.Healthy when verdict.IsAlive:
                await ConsiderFailbackAsync(cluster, hierarchy, on, round, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>The node the hierarchy is on is unreachable: count it; at the threshold, ask the round for a failover with the evidence.</summary>
    private void NodeFailed(ClusterDefinition cluster, HierarchyDefinition hierarchy, string on, string evidence, MonitorRound round)
    {
        var threshold = cluster.Settings.FailureThreshold;
        var failures = _counters.Fail(NodeSubject(hierarchy, on));
        if (failures >= threshold)
        {
            round.AskFailover(new FailoverRequest(hierarchy, on,
                $"{evidence} on {failures} consecutive checks (threshold {threshold}, every {cluster.Settings.MonitorIntervalSeconds} s)"));
        }
    }

    private static string NodeSubject(HierarchyDefinition hierarchy, string on) => $"{hierarchy.Name}/node {on}";

    private static string CheckEpisode(HierarchyDefinition hierarchy) => $"{hierarchy.Name}/check";

    private static string LivenessEpisode(HierarchyDefinition hierarchy, string on) => $"{hierarchy.Name}/liveness of {on}";

    /// <summary>The node can be judged again: ends an open "liveness unknown" episode (no text is built when none is open).</summary>
    private void EndLivenessEpisode(HierarchyDefinition hierarchy, string on)
    {
        if (!_unknown.IsEmpty)
        {
            _unknown.End(LivenessEpisode(hierarchy, on));
        }
    }

    private async Task AuditAsync(HierarchyDefinition hierarchy, string trigger, string reason, CancellationToken cancellationToken)
    {
        await audit.AppendAsync(new NewAuditEntry(time.GetUtcNow(), null, "monitor", hierarchy.Name, null, null, trigger, Actor, reason), cancellationToken).ConfigureAwait(false);
        logger.LogWarning("Monitor: {Reason}", reason);
    }
}
