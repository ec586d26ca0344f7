using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Host.Monitoring;

public sealed partial class HealthMonitor
{
    /// <summary>Volumes, client access, then services: local recovery first (S18). False when the hierarchy is not healthy on its node.</summary>
    private async Task<bool> CheckResourcesAsync(ClusterDefinition cluster, HierarchyDefinition hierarchy, string on, CancellationToken cancellationToken)
    {
        var healthy = true;
        foreach (var volume in hierarchy.Volumes)
        {
            var mountedOn = await volumes.GetMountedNodeAsync(volume.Name, cancellationToken).ConfigureAwait(false);
            var ok = string.Equals(mountedOn, on, StringComparison.OrdinalIgnoreCase);
            healthy &= await CheckAsync(cluster, hierarchy, on, $"volume {volume.Name}", ok,
                key => volumes.EnsureMountedAsync(on, volume.Name, key, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        // Client connectivity (S18, S21): the switchable IP (on a node of its subnet) and the DNS records must lead clients to this node.
        if (hierarchy.Address is { } address && ClientRedirectionRule.MovesAddress(cluster, hierarchy, on))
        {
            var owner = await addresses.GetOwnerAsync(address.Address, cancellationToken).ConfigureAwait(false);
            healthy &= await CheckAsync(cluster, hierarchy, on, $"client access by IP {address.Address}", string.Equals(owner, on, StringComparison.OrdinalIgnoreCase),
                key => addresses.EnsureOwnedAsync(on, address.Address, key, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        foreach (var record in hierarchy.Dns)
        {
            var target = await dns.GetRecordTargetAsync(record.Type, record.Name, cancellationToken).ConfigureAwait(false);
            healthy &= await CheckAsync(cluster, hierarchy, on, $"client access by DNS {record.Type} {record.Name}", string.Equals(target, on, StringComparison.OrdinalIgnoreCase),
                key => dns.EnsureRecordAsync(record.Type, record.Name, on, key, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        foreach (var service in hierarchy.Application.Services)
        {
            var state = await services.GetStateAsync(on, service.Name, cancellationToken).ConfigureAwait(false);
            healthy &= await CheckAsync(cluster, hierarchy, on, $"service {service.Name}", state is ServiceState.Running or ServiceState.Starting,
                async key =>
                {
                    if (await services.EnsureStartedAsync(on, service.Name, key, cancellationToken).ConfigureAwait(false) is not (ServiceState.Running or ServiceState.Starting))
                    {
                        throw new EnvironmentException($"{service.Name} did not start on {on}");
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }

        return healthy;
    }

    /// <summary>One resource: count failures; at the threshold try local recovery once; if that fails, fail over.</summary>
    private async Task<bool> CheckAsync(
        ClusterDefinition cluster, HierarchyDefinition hierarchy, string on, string what, bool ok, Func<EffectKey, Task> recover, CancellationToken cancellationToken)
    {
        var subject = $"{hierarchy.Name}/{what}";
        if (ok)
        {
            _counters.Pass(subject);
            return true;
        }

        var failures = _counters.Fail(subject);
        var threshold = cluster.Settings.FailureThreshold;
        if (failures < threshold)
        {
            return false;
        }

        var evidence = $"{what} of {hierarchy.Name} not in service on {on} on {failures} consecutive checks (threshold {threshold})";
        try
        {
            // Local recovery is not a procedure: its key is unique per attempt (no replay of an earlier recovery).
            await recover(new EffectKey(0, _round, (int)(time.GetUtcNow().ToUnixTimeSeconds() % int.MaxValue))).ConfigureAwait(false);
            await AuditAsync(hierarchy, "LocalRecovery", $"{evidence}; local recovery on {on} succeeded: {what} is back", cancellationToken).ConfigureAwait(false);
            _counters.Pass(subject);
            return true;
        }
        catch (EnvironmentException e)
        {
            await AuditAsync(hierarchy, "LocalRecoveryFailed", $"{evidence}; local recovery on {on} failed ({e.Message})", cancellationToken).ConfigureAwait(false);
            await FailOverAsync(cluster, hierarchy, on, $"{evidence}; local recovery failed: {e.Message}", cancellationToken).ConfigureAwait(false);
            return false;
        }
    }
}
