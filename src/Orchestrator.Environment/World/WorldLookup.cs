namespace Orchestrator.Environment.World;

/// <summary>
/// Resolves names (ignoring case) to the world's records, throwing <see cref="UnknownWorldObjectException"/>. A known
/// name is found by key or through the hierarchies' members index; only an unknown one reads a whole table (to list what exists).
/// </summary>
internal static class WorldLookup
{
    public static NodeRecord Node(WorldState state, string name) =>
        state.Nodes.TryGetValue(name, out var node) ? node : throw Unknown("node", name, state.Nodes.Values.Select(n => n.Name));

    public static VolumeRecord Volume(WorldState state, string name) =>
        state.Volumes.TryGetValue(name, out var volume)
            ? volume
            : throw Unknown("volume", name, state.Volumes.Values.Select(v => v.Name));

    public static AddressRecord Address(WorldState state, string address) =>
        state.Addresses.TryGetValue(address, out var record)
            ? record
            : throw Unknown("address", address, state.Addresses.Values.Select(a => a.Address));

    public static DnsRecordEntry Dns(WorldState state, string type, string name) =>
        state.DnsRecords.TryGetValue(DnsRecordEntry.KeyOf(type, name), out var record)
            ? record
            : throw Unknown("DNS record", DnsRecordEntry.KeyOf(type, name), state.DnsRecords.Values.Select(d => DnsRecordEntry.KeyOf(d.Type, d.Name)));

    public static HierarchyRecord Hierarchy(WorldState state, string name) =>
        state.Hierarchies.TryGetValue(name, out var hierarchy)
            ? hierarchy
            : throw Unknown("hierarchy", name, state.Hierarchies.Values.Select(h => h.Name));

    public static UserRecord User(WorldState state, string name) =>
        state.Users.TryGetValue(name, out var user) ? user : throw Unknown("user", name, state.Users.Values.Select(u => u.Name));

    /// <summary>The canonical name of a service some hierarchy protects.</summary>
    public static string Service(WorldState state, string name) =>
        Find(state.HierarchiesWith(HierarchyMember.Service, name).SelectMany(h => h.Services), name)
        ?? throw Unknown("service", name, state.Hierarchies.Values.SelectMany(h => h.Services));

    /// <summary>S7: the canonical name of a service some hierarchy protects or has installed as optional.</summary>
    public static string InstalledService(WorldState state, string name)
    {
        var installed = state.HierarchiesWith(HierarchyMember.Service, name)
            .Concat(state.HierarchiesWith(HierarchyMember.OptionalService, name))
            .SelectMany(h => h.Services.Concat(h.OptionalServices));
        return Find(installed, name)
            ?? throw Unknown("service", name, state.Hierarchies.Values.SelectMany(h => h.Services.Concat(h.OptionalServices)));
    }

    /// <summary>
    /// The canonical name of a share some hierarchy carries, read from the first hierarchy that carries it (a share such
    /// as "Address" is in every hierarchy: the others are not read).
    /// </summary>
    public static string Share(WorldState state, string name) =>
        Find(state.HierarchiesWithLazily(HierarchyMember.Share, name).SelectMany(h => h.Shares), name)
        ?? throw Unknown("share", name, state.Hierarchies.Values.SelectMany(h => h.Shares));

    /// <summary>The hierarchies whose application includes <paramref name="service"/>.</summary>
    public static IEnumerable<HierarchyRecord> HierarchiesRunning(WorldState state, string service) =>
        state.HierarchiesWith(HierarchyMember.Service, service);

    private static string? Find(IEnumerable<string> names, string name) =>
        names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));

    private static UnknownWorldObjectException Unknown(string kind, string name, IEnumerable<string> known) =>
        new(kind, name, known.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase));
}
