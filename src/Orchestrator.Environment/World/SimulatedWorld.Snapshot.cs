using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld
{
    /// <summary>A read-only view of the whole world, its counters and the invariant violations recorded so far.</summary>
    public Task<WorldSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return store.ReadAsync(state => BuildSnapshot(state, now), cancellationToken);
    }

    private static WorldSnapshot BuildSnapshot(WorldState state, DateTimeOffset now)
    {
        var byName = StringComparer.OrdinalIgnoreCase;
        _ = state.Volumes.Count; // one read of the whole table, not one per hierarchy's volume
        var nodes = state.Nodes.Values
            .OrderBy(n => n.Name, byName)
            .Select(n => new NodeSnapshot(
                n.Name,
                n.Up,
                [.. n.Services.Values
                    .OrderBy(s => s.Name, byName)
                    .Select(s => new ServiceSnapshot(s.Name, s.EffectiveState(now), s.EffectiveState(now) == ServiceState.Starting ? s.ReadyAt : null, s.StartMode))],
                [.. n.Shares.Order(byName)],
                n.Fenced,
                n.EffectiveMirror(now),
                n.Version,
                n.AgentIsRunning()))
            .ToList();

        var counters = state.Counters;
        return new WorldSnapshot(
            now,
            nodes,
            [.. state.Volumes.Values.OrderBy(v => v.Name, byName).Select(v => new VolumeSnapshot(v.Name, v.MountedOn) { Unprotected = v.Unprotected })],
            [.. state.Addresses.Values.OrderBy(a => a.Address, byName).Select(a => new AddressSnapshot(a.Address, a.Owner))],
            [.. state.DnsRecords.Values
                .OrderBy(d => d.Name, byName)
                .ThenBy(d => d.Type, byName)
                .Select(d => new DnsRecordSnapshot(d.Type, d.Name, d.Target))],
            [.. state.Hierarchies.Values
                .OrderBy(h => h.Name, byName)
                .Select(h => new HierarchySnapshot(h.Name, InServiceNodes(state, h, nodes)) { Nodes = [.. h.Nodes], Application = h.ApplicationName })],
            counters.Applied.OrderBy(a => a.Key, StringComparer.Ordinal).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
            PerKind(counters.Calls),
            PerKind(counters.Replayed),
            PerKind(counters.Failed),
            PerKind(counters.NoOps),
            [.. state.Users.Values.OrderBy(u => u.Name, byName).Select(u => new UserSnapshot(u.Name, u.Domain, u.Home, u.DefaultPublicStore))],
            [.. state.Nodes.Values.OrderBy(n => n.Name, byName).Select(n => new QueueSnapshot(n.Name, QueueTargetOf(state, n.Name)))],
            [.. state.InvariantViolations],
            Enum.GetValues<WorldInvariant>().ToDictionary(i => i, i => counters.Violations.GetValueOrDefault(i.ToString())),
            new Dictionary<string, string>(state.RoutingGroups, StringComparer.OrdinalIgnoreCase))
        {
            Outages = [.. state.Outages.Select(o => o.Clone())],
            Fenced = PerKind(counters.Fenced),
            StoreNames = StoreNamesSnapshots(state),
            DeletedOnBackup = Tombstones(state),
            ReplayedKeys = counters.ReplayedKeys.OrderBy(r => r.Key, StringComparer.Ordinal).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal),
        };
    }

    private static List<string> InServiceNodes(WorldState state, HierarchyRecord hierarchy, IReadOnlyList<NodeSnapshot> nodes) =>
        [.. nodes
            .Where(n => hierarchy.Volumes.All(v => state.Volumes.TryGetValue(v, out var volume) && SameName(volume.MountedOn, n.Name))
                && hierarchy.Services.All(s => n.Services.Any(r => SameName(r.Name, s) && r.State == ServiceState.Running)))
            .Select(n => n.Name)];

    private static Dictionary<EffectKind, long> PerKind(WorldTable<long> counter) =>
        Enum.GetValues<EffectKind>().ToDictionary(k => k, k => counter.GetValueOrDefault(k.ToString()));
}
