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
        foreach (var resource in ResourcesOf(cluster, hierarchy, on))
        {
            var ok = resource.IsInService(read);
            if (ok && _counters.IsEmpty)
            {
                continue; // passed, and there is no failure count to clear (the usual quiet round: nothing allocated)
            }

            switch (await CheckAsync(cluster, hierarchy, on, round, resource, ok, cancellationToken).ConfigureAwait(false))
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

    /// <summary>What kind of resource a <see cref="MonitoredResource"/> is.</summary>
    private enum ResourceKind
    {
        Volume,
        Address,
        Dns,
        Service,
    }

    /// <summary>One resource of a hierarchy the monitor checks: its kind and name (a DNS record's type beside it).</summary>
    private readonly record struct MonitoredResource(ResourceKind Kind, string Name, string? DnsType = null)
    {
        /// <summary>Whether it was in service on the node when the round read the node's resources (one read per node).</summary>
        public bool IsInService(NodeResources read) => Kind switch
        {
            ResourceKind.Volume => read.IsMounted(Name),
            ResourceKind.Address => read.Owns(Name),
            ResourceKind.Dns => read.IsPointedAt(new DnsRecordName(DnsType!, Name)),
            _ => read.StateOf(Name) is ServiceState.Running or ServiceState.Starting,
        };

        /// <summary>What it is, in the words of the audit and the failure counters.</summary>
        public string What => Kind switch
        {
            ResourceKind.Volume => $"volume {Name}",
            ResourceKind.Address => $"client access by IP {Name}",
            ResourceKind.Dns => $"client access by DNS {DnsType} {Name}",
            _ => $"service {Name}",
        };
    }

    /// <summary>Each resource of the hierarchy, in checking order.</summary>
    private static IEnumerable<MonitoredResource> ResourcesOf(ClusterDefinition cluster, HierarchyDefinition hierarchy, string on)
    {
        foreach (var volume in hierarchy.Volumes)
        {
            yield return new MonitoredResource(ResourceKind.Volume, volume.Name);
        }

        // Client connectivity (S18, S21): the switchable IP (on a node of its subnet) and the DNS records must lead clients to this node.
        if (hierarchy.Address is { } address && ClientRedirectionRule.MovesAddress(cluster, hierarchy, on))
        {
            yield return new MonitoredResource(ResourceKind.Address, address.Address);
        }

        foreach (var record in hierarchy.Dns)
        {
            yield return new MonitoredResource(ResourceKind.Dns, record.Name, record.Type);
        }

        foreach (var service in hierarchy.Application.Services)
        {
            yield return new MonitoredResource(ResourceKind.Service, service.Name);
        }
    }

    /// <summary>
    /// The resource's local recovery: mount, own, point or start it on the node. A service read as failed (not cleanly
    /// stopped: an OCF monitor's 1, not 7) is stopped first, as OCF recovers a resource: its start alone may answer
    /// "already running" and leave it failed. Returns what was done, in the audit's words.
    /// </summary>
    private async Task<string> RecoverAsync(MonitoredResource resource, string on, ServiceState read, EffectKey key, CancellationToken cancellationToken)
    {
        switch (resource.Kind)
        {
            case ResourceKind.Volume:
                await volumes.EnsureMountedAsync(on, resource.Name, key, cancellationToken).ConfigureAwait(false);
                break;
            case ResourceKind.Address:
                await addresses.EnsureOwnedAsync(on, resource.Name, key, cancellationToken).ConfigureAwait(false);
                break;
            case ResourceKind.Dns:
                await dns.EnsureRecordAsync(resource.DnsType!, resource.Name, on, key, cancellationToken).ConfigureAwait(false);
                break;
            default:
                var failed = read == ServiceState.Failed;
                if (failed)
                {
                    await services.EnsureStoppedAsync(on, resource.Name, key, cancellationToken).ConfigureAwait(false);
                }

                if (await services.EnsureStartedAsync(on, resource.Name, key, cancellationToken).ConfigureAwait(false) is not (ServiceState.Running or ServiceState.Starting))
                {
                    throw new EnvironmentException($"{resource.Name} did not start on {on}");
                }

                return failed ? $"stopped and started {resource.What} (it had failed): " : "";
        }

        return "";
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
        ClusterDefinition cluster, HierarchyDefinition hierarchy, string on, MonitorRound round, MonitoredResource resource, bool ok,
        CancellationToken cancellationToken)
    {
        var what = resource.What;
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
        await EnsureStillLeadingAsync(cancellationToken).ConfigureAwait(false); // a world effect: only under the live term (issue 13)
        try
        {
            // Local recovery is not a procedure: its key is unique per attempt (no replay of an earlier recovery).
            var read = resource.Kind == ResourceKind.Service ? round.ResourcesOf(on).StateOf(resource.Name) : ServiceState.Stopped;
            var done = await RecoverAsync(resource, on, read, new EffectKey(0, _round, (int)(time.GetUtcNow().ToUnixTimeSeconds() % int.MaxValue)), cancellationToken).ConfigureAwait(false);
            await AuditAsync(hierarchy, "LocalRecovery", $"{evidence}; local recovery on {on} succeeded: {done}{what} is back", cancellationToken).ConfigureAwait(false);
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
