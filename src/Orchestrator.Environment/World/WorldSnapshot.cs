using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

/// <summary>
/// A read-only view of the world at one instant, with every counter. Serializes cleanly with System.Text.Json
/// (counters keyed by kind name, service states as names).
/// </summary>
/// <param name="Applied">Calls that changed the world, per "{EffectKind}:{node}/{target}".</param>
/// <param name="Calls">Every call per kind; every kind is present (zero when never called).</param>
/// <param name="Users">S22: mailbox users and the server each is homed on.</param>
/// <param name="Queues">S26: per server, where the others deliver the mail they queue for it.</param>
/// <param name="Violations">One sentence per invariant violation an applied effect caused, oldest first.</param>
/// <param name="ViolationCounts">Violations per invariant; every invariant is present (zero when never violated).</param>
/// <param name="RoutingGroups">S23: each server's routing group now.</param>
public sealed record WorldSnapshot(
    DateTimeOffset TakenAt,
    IReadOnlyList<NodeSnapshot> Nodes,
    IReadOnlyList<VolumeSnapshot> Volumes,
    IReadOnlyList<AddressSnapshot> Addresses,
    IReadOnlyList<DnsRecordSnapshot> DnsRecords,
    IReadOnlyList<HierarchySnapshot> Hierarchies,
    IReadOnlyDictionary<string, long> Applied,
    IReadOnlyDictionary<EffectKind, long> Calls,
    IReadOnlyDictionary<EffectKind, long> Replayed,
    IReadOnlyDictionary<EffectKind, long> Failed,
    IReadOnlyDictionary<EffectKind, long> NoOps,
    IReadOnlyList<UserSnapshot> Users,
    IReadOnlyList<QueueSnapshot> Queues,
    IReadOnlyList<string> Violations,
    IReadOnlyDictionary<WorldInvariant, long> ViolationCounts,
    IReadOnlyDictionary<string, string>? RoutingGroups = null)
{
    /// <summary>The nodes where the hierarchy is in service (ignoring case); throws for an unknown hierarchy.</summary>
    /// <summary>Every time a hierarchy that had been in service was in service nowhere, with the effects that began and ended it.</summary>
    public IReadOnlyList<OutageRecord> Outages { get; init; } = [];

    /// <summary>S11: each node's database names per application it has (explicit, or the defaults of a hierarchy listing it), by node then application.</summary>
    public IReadOnlyList<StoreNamesSnapshot> StoreNames { get; init; } = [];

    /// <summary>S10: hierarchies deleted while in service on a backup whose users are not back on the primary yet.</summary>
    public IReadOnlyList<Orchestrator.Domain.Rules.HierarchyPlacement> DeletedOnBackup { get; init; } = [];

    /// <summary>Calls refused as stale claims per kind (issue 12); every kind is present (zero when never fenced).</summary>
    public IReadOnlyDictionary<EffectKind, long> Fenced { get; init; } = new Dictionary<EffectKind, long>();

    /// <summary>Replayed calls per "{EffectKind}:{node}/{target}" (keyed like <see cref="Applied"/>); only keys replayed at least once.</summary>
    public IReadOnlyDictionary<string, long> ReplayedKeys { get; init; } = new Dictionary<string, long>();

    public IReadOnlyList<string> InServiceNodes(string hierarchy) =>
        Hierarchies.FirstOrDefault(h => Same(h.Name, hierarchy))?.InServiceNodes
        ?? throw new UnknownWorldObjectException("hierarchy", hierarchy, Hierarchies.Select(h => h.Name));

    /// <summary>The node (ignoring case); throws for an unknown node.</summary>
    public NodeSnapshot Node(string name) =>
        Nodes.FirstOrDefault(n => Same(n.Name, name))
        ?? throw new UnknownWorldObjectException("node", name, Nodes.Select(n => n.Name));

    /// <summary>The state of the service on the node; <see cref="ServiceState.Stopped"/> when the node never had it.</summary>
    public ServiceState ServiceStateOn(string node, string service) =>
        Node(node).Services.FirstOrDefault(s => Same(s.Name, service))?.State ?? ServiceState.Stopped;

    /// <summary>The node the volume is mounted on, or null; throws for an unknown volume.</summary>
    public string? MountedNode(string volume) =>
        (Volumes.FirstOrDefault(v => Same(v.Name, volume))
         ?? throw new UnknownWorldObjectException("volume", volume, Volumes.Select(v => v.Name))).MountedOn;

    /// <summary>How often the effect changed the world: Applied["{kind}:{node}/{target}"], zero when never.</summary>
    public long AppliedCount(EffectKind kind, string node, string target) =>
        Applied.GetValueOrDefault(WorldCounters.AppliedKey(kind, node, target));

    /// <summary>Sum of the applied counters of one kind over every node and target.</summary>
    public long AppliedCount(EffectKind kind) =>
        Applied.Where(a => a.Key.StartsWith($"{kind}:", StringComparison.Ordinal)).Sum(a => a.Value);

    /// <summary>The server the user is homed on (ignoring case); throws for an unknown user.</summary>
    public string HomeOf(string user) =>
        (Users.FirstOrDefault(u => Same(u.Name, user))
         ?? throw new UnknownWorldObjectException("user", user, Users.Select(u => u.Name))).Home;

    /// <summary>The server the others deliver the mail they queue for <paramref name="server"/> to; throws for an unknown server.</summary>
    public string QueuesConnectedTo(string server) =>
        (Queues.FirstOrDefault(q => Same(q.Server, server))
         ?? throw new UnknownWorldObjectException("node", server, Queues.Select(q => q.Server))).ConnectedTo;

    /// <summary>Throws <see cref="InvalidOperationException"/> listing every violation when any was recorded.</summary>
    public void AssertInvariants()
    {
        if (Violations.Count > 0)
        {
            throw new InvalidOperationException(
                $"{Violations.Count} invariant violation(s):{System.Environment.NewLine}{string.Join(System.Environment.NewLine, Violations)}");
        }
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
