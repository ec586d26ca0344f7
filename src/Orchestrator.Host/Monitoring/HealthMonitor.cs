using Mediator;
using Microsoft.Extensions.Logging;
using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Definitions;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Holds;

namespace Orchestrator.Host.Monitoring;

/// <summary>
/// S18: checks, for every hierarchy in service, its node, its protected services and its volumes. A failure seen
/// on as many consecutive checks as the cluster's failure threshold first gets local recovery (restart the
/// service, remount); only when that fails, or the node is gone, a failover — unless anti-flapping blocks it.
/// With automatic switchback (S20) it also fails back once the better node has been healthy long enough.
/// Every decision is an audit row with actor <c>monitor</c> and the evidence.
/// </summary>
public sealed partial class HealthMonitor(
    CurrentDefinition definitions,
    IProcedureStore store,
    Engine.Commands.ProcedureSuspender suspender,
    ISwitchbackHoldStore holds,
    IAuditJournal audit,
    INodeProbe nodes,
    IPathProbe paths,
    IAddressControl addresses,
    IDnsControl dns,
    IServiceControl services,
    IVolumeControl volumes,
    IMediator mediator,
    TimeProvider time,
    ILogger<HealthMonitor> logger)
{
    public const string Actor = "monitor";

    private readonly CheckCounters _counters = new();
    private readonly HashSet<string> _reportedBlocks = new(StringComparer.OrdinalIgnoreCase);
    private int _round;

    /// <summary>The interval between checks, from the cluster definition.</summary>
    public async Task<TimeSpan> IntervalAsync(CancellationToken cancellationToken) =>
        (await definitions.GetAsync(cancellationToken).ConfigureAwait(false)).Definition.Settings.MonitorInterval;

    public async Task CheckOnceAsync(CancellationToken cancellationToken)
    {
        _round++;
        var (cluster, _) = await definitions.GetAsync(cancellationToken).ConfigureAwait(false);
        var placements = await store.GetPlacementsAsync(cancellationToken).ConfigureAwait(false);
        // A hierarchy with an active procedure is left to it — except that under one that yields to a failover (a rolling
        // update, S29) the monitor still watches the node the hierarchy is placed on, and fails over when it dies.
        var procedures = (await store.ListAsync(null, 500, cancellationToken).ConfigureAwait(false)).Where(p => p.IsActive).ToList();
        var active = procedures.Where(p => !suspender.YieldsToFailover(p)).Select(p => p.Hierarchy).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var yielding = procedures.Where(suspender.YieldsToFailover).Select(p => p.Hierarchy).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var up = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in cluster.Nodes)
        {
            var isUp = await nodes.IsUpAsync(node.Name, cancellationToken).ConfigureAwait(false);
            _counters.HealthySince(node.Name, isUp, time.GetUtcNow());
            if (isUp)
            {
                up.Add(node.Name);
            }
        }

        foreach (var hierarchy in cluster.Hierarchies)
        {
            var on = placements.FirstOrDefault(p => string.Equals(p.Hierarchy, hierarchy.Name, StringComparison.OrdinalIgnoreCase))?.Node;
            if (on is null || active.Contains(hierarchy.Name))
            {
                _counters.Reset(hierarchy.Name + "/");
                continue;
            }

            await CheckHierarchyAsync(cluster, hierarchy, on, up, nodeOnly: yielding.Contains(hierarchy.Name), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CheckHierarchyAsync(ClusterDefinition cluster, HierarchyDefinition hierarchy, string on, IReadOnlySet<string> up, bool nodeOnly, CancellationToken cancellationToken)
    {
        var threshold = cluster.Settings.FailureThreshold;
        var nodeSubject = $"{hierarchy.Name}/node {on}";
        var (reachable, liveness) = await LivenessAsync(cluster, on, up, cancellationToken).ConfigureAwait(false);
        if (!reachable)
        {
            var failures = _counters.Fail(nodeSubject);
            if (failures >= threshold)
            {
                var evidence = $"{liveness} on {failures} consecutive checks (threshold {threshold}, every {cluster.Settings.MonitorIntervalSeconds} s)";
                await FailOverAsync(cluster, hierarchy, on, evidence, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        _counters.Pass(nodeSubject);
        if (nodeOnly)
        {
            return; // its resources are being worked on by the procedure (services stopped during a planned move…)
        }

        if (await CheckResourcesAsync(cluster, hierarchy, on, cancellationToken).ConfigureAwait(false))
        {
            await ConsiderFailbackAsync(cluster, hierarchy, on, up, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>S1/S18: a node is alive while at least one of its communication paths from a live peer carries traffic.</summary>
    private async Task<(bool Reachable, string Evidence)> LivenessAsync(ClusterDefinition cluster, string node, IReadOnlySet<string> up, CancellationToken cancellationToken)
    {
        static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
        var peers = cluster.Paths.Where(p => Same(p.NodeA, node) ^ Same(p.NodeB, node)).Select(p => Same(p.NodeA, node) ? p.NodeB : p.NodeA).ToList();
        if (peers.Count == 0)
        {
            return up.Contains(node) ? (true, "") : (false, $"{node} did not answer");
        }

        var upPaths = 0;
        foreach (var peer in peers)
        {
            if (up.Contains(peer) && await paths.IsPathUpAsync(peer, node, cancellationToken).ConfigureAwait(false))
            {
                upPaths++;
            }
        }

        return (upPaths > 0, $"{node} unreachable on {peers.Count - upPaths}/{peers.Count} paths");
    }

    private async Task AuditAsync(HierarchyDefinition hierarchy, string trigger, string reason, CancellationToken cancellationToken)
    {
        await audit.AppendAsync(new NewAuditEntry(time.GetUtcNow(), null, "monitor", hierarchy.Name, null, null, trigger, Actor, reason), cancellationToken).ConfigureAwait(false);
        logger.LogWarning("Monitor: {Reason}", reason);
    }
}
