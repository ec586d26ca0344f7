using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

/// <summary>Answers where a hierarchy's resources are in the simulated world.</summary>
public sealed class SimulatedHierarchyObserver(SimulatedWorld world, IWorldStateStore store) : IHierarchyObserver
{
    public async Task<IReadOnlyList<string>> InServiceNodesAsync(string hierarchy, CancellationToken cancellationToken) =>
        (await world.SnapshotAsync(cancellationToken).ConfigureAwait(false)).InServiceNodes(hierarchy);

    public async Task<IReadOnlyList<string>> DescribeResourcesAsync(string hierarchy, CancellationToken cancellationToken)
    {
        var snapshot = await world.SnapshotAsync(cancellationToken).ConfigureAwait(false);
        var h = await store.ReadAsync(s => WorldLookup.Hierarchy(s, hierarchy).Clone(), cancellationToken).ConfigureAwait(false);
        var lines = new List<string>();
        foreach (var service in h.Services)
        {
            var states = h.Nodes
                .Select(n => (Node: n, State: snapshot.ServiceStateOn(n, service)))
                .Where(x => x.State != ServiceState.Stopped)
                .Select(x => $"{x.State.ToString().ToLowerInvariant()} on {x.Node}")
                .ToList();
            lines.Add($"service {service}: {(states.Count == 0 ? "stopped everywhere" : string.Join(", ", states))}");
        }

        foreach (var share in h.Shares)
        {
            var on = h.Nodes.Where(n => snapshot.Node(n).Shares.Contains(share, StringComparer.OrdinalIgnoreCase)).ToList();
            lines.Add($"share {share}: {(on.Count == 0 ? "removed everywhere" : "shared on " + string.Join(", ", on))}");
        }

        if (h.Address is { } address)
        {
            var owner = snapshot.Addresses.FirstOrDefault(a => a.Address == address)?.Owner;
            lines.Add($"IP {address}: {(owner is null ? "released" : "owned by " + owner)}");
        }

        foreach (var volume in h.Volumes)
        {
            var on = snapshot.MountedNode(volume);
            lines.Add($"volume {volume}: {(on is null ? "unmounted" : "mounted on " + on)}");
        }

        foreach (var record in snapshot.DnsRecords.Where(r => h.DnsRecords.Contains($"{r.Type} {r.Name}", StringComparer.OrdinalIgnoreCase)))
        {
            lines.Add($"DNS {record.Type} {record.Name}: points at {record.Target ?? "nothing"}");
        }

        return lines;
    }
}
