using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Host.Monitoring;

public sealed partial class HealthMonitor
{
    /// <summary>What the resource checks of one hierarchy found this round.</summary>
    private enum ResourceHealth
    {
        /// <summary>Every resource is in service on its node.</summary>
        Healthy,

        /// <summary>Some resource is not (yet at the threshold, or local recovery is done, or a failover was asked for).</summary>
        Unhealthy,

        /// <summary>The node itself is gone (found by a second probe): a node failure, not failed resources.</summary>
        NodeGone,
    }

    /// <summary>Volumes, client access, then services: local recovery first (S18). Stops at the first node loss or failover.</summary>
    private async Task<ResourceHealth> CheckResourcesAsync(
        ClusterDefinition cluster, HierarchyDefinition hierarchy, string on, MonitorRound round, CancellationToken cancellationToken)
    {
        var healthy = true;
        var read = round.ResourcesOf(on);
        foreach (var (what, isInService, recover) in ResourcesOf(cluster, hierarchy, on, read, cancellationToken))
        {
            var ok = isInService();
            switch (await CheckAsync(cluster, hierarchy, on, round, what, ok, recover, cancellationToken).ConfigureAwait(false))
            {
                case CheckResult.NodeGone:
                    return ResourceHealth.NodeGone;
                case CheckResult.FailedOver:
                    return ResourceHealth.Unhealthy;
                case CheckResult.Failing:
                    healthy = false;
                    break;
            }
        }

        return healthy ? ResourceHealth.Healthy : ResourceHealth.Unhealthy;
    }

    /// <summary>
    /// Each resource of the hierarchy, in checking order: what it is, whether it was in service on the node when the
    /// round read the node's resources (one read per node), and its local recovery.
    /// </summary>
    private IEnumerable<(string What, Func<bool> IsInService, Func<EffectKey, Task> Recover)> ResourcesOf(
        ClusterDefinition cluster, HierarchyDefinition hierarchy, string on, NodeResources read, CancellationToken cancellationToken)
    {
        foreach (var volume in hierarchy.Volumes)
        {
            yield return ($"volume {volume.Name}",
                () => read.IsMounted(volume.Name),
                key => volumes.EnsureMountedAsync(on, volume.Name, key, cancellationToken));
        }

        // Client connectivity (S18, S21): the switchable IP (on a node of its subnet) and the DNS records must lead clients to this node.
        if (hierarchy.Address is { } address && ClientRedirectionRule.MovesAddress(cluster, hierarchy, on))
        {
            yield return ($"client access by IP {address.Address}",
                () => read.Owns(address.Address),
                key => addresses.EnsureOwnedAsync(on, address.Address, key, cancellationToken));
        }

        foreach (var record in hierarchy.Dns)
        {
            yield return ($"client access by DNS {record.Type} {record.Name}",
                () => read.IsPointedAt(new DnsRecordName(record.Type, record.Name)),
                key => dns.EnsureRecordAsync(record.Type, record.Name, on, key, cancellationToken));
        }

        foreach (var service in hierarchy.Application.Services)
        {
            yield return ($"service {service.Name}",
                () => read.StateOf(service.Name) is ServiceState.Running or ServiceState.Starting,
                async key =>
                {
                    if (await services.EnsureStartedAsync(on, service.Name, key, cancellationToken).ConfigureAwait(false) is not (ServiceState.Running or ServiceState.Starting))
                    {
                        throw new EnvironmentException($"{service.Name} did not start on {on}");
                    }
                });
        }
    }

    /// <summary>What one resource check did.</summary>
    private enum CheckResult
    {
        Passed,
        Failing,
        NodeGone,
        FailedOver,
    }

    /// <summary>
    /// One resource: a failing one first makes sure its node is still there (a dead node's resources are not failed
    /// resources, and nothing is recovered on it); then count failures; at the threshold try local recovery once; if
    /// that fails, fail over.
    /// </summary>
    private async Task<CheckResult> CheckAsync(
        ClusterDefinition cluster, HierarchyDefinition hierarchy, string on, MonitorRound round, string what, bool ok, Func<EffectKey, Task> recover,
        CancellationToken cancellationToken)
    {
        var subject = $"{hierarchy.Name}/{what}";
        if (ok)
        {
            _counters.Pass(subject);
            return CheckResult.Passed;
        }

        if (await NodeGoneAsync(round, hierarchy, on, cancellationToken).ConfigureAwait(false))
        {
            return CheckResult.NodeGone;
        }

        var failures = _counters.Fail(subject);
        var threshold = cluster.Settings.FailureThreshold;
        if (failures < threshold)
        {
            return CheckResult.Failing;
        }

        var evidence = $"{what} of {hierarchy.Name} not in service on {on} on {failures} consecutive checks (threshold {threshold})";
        try
        {
            // Local recovery is not a procedure: its key is unique per attempt (no replay of an earlier recovery).
            await recover(new EffectKey(0, _round, (int)(time.GetUtcNow().ToUnixTimeSeconds() % int.MaxValue))).ConfigureAwait(false);
            await AuditAsync(hierarchy, "LocalRecovery", $"{evidence}; local recovery on {on} succeeded: {what} is back", cancellationToken).ConfigureAwait(false);
            _counters.Pass(subject);
            return CheckResult.Passed;
        }
        catch (EnvironmentException e)
        {
            await AuditAsync(hierarchy, "LocalRecoveryFailed", $"{evidence}; local recovery on {on} failed ({e.Message})", cancellationToken).ConfigureAwait(false);
            round.AskFailover(new FailoverRequest(hierarchy, on, $"{evidence}; local recovery failed: {e.Message}"));
            return CheckResult.FailedOver;
        }
    }
}
