using System.Globalization;
using System.Text.Json.Serialization;

namespace Orchestrator.Environment.World;

/// <summary>
/// The whole simulated world: servers (with the mirror to each, S27), services per server, volumes, IP ownership, DNS
/// records, hierarchies, mailbox users, queue connections, routing groups, cut paths, counters, outages and the
/// invariant violations seen so far. Each collection is a <see cref="WorldTable{TValue}"/> or
/// <see cref="WorldLog{TEntry}"/>: in memory for the in-memory store (and as the JSON document older world files
/// held), backed by one row per entity for <see cref="SqliteWorldStateStore"/>, where an update loads only what it
/// looks up. Name lookups ignore case; the stored names are the ones the world was seeded with.
/// </summary>
public sealed class WorldState
{
    public const int CurrentSchemaVersion = 2;

    private const string PublicFolderOwnersKey = "public-folder-owners";

    private const string SeededDefinitionKey = "seeded-definition";

    private readonly Func<WorldFaults>? loadFaults;
    private WorldFaults? faults;

    public WorldState() => Ledger = new DocumentEffectLedger(this);

    /// <summary>A world whose collections are backed by rows (see <see cref="SqliteWorldRows"/>).</summary>
    internal WorldState(IWorldRows rows, Func<WorldFaults>? loadFaults = null)
        : this()
    {
        this.loadFaults = loadFaults;
        Nodes = rows.Nodes();
        Volumes = rows.Table<VolumeRecord>(WorldRowNames.Volumes);
        Addresses = rows.Table<AddressRecord>(WorldRowNames.Addresses);
        DnsRecords = rows.Table<DnsRecordEntry>(WorldRowNames.Dns);
        Hierarchies = rows.Table<HierarchyRecord>(WorldRowNames.Hierarchies);
        Users = rows.Table<UserRecord>(WorldRowNames.Users);
        QueueRoutes = rows.Table<string>(WorldRowNames.QueueRoutes);
        RoutingGroups = rows.Table<string>(WorldRowNames.RoutingGroups);
        OriginalRoutingGroups = rows.Table<string>(WorldRowNames.OriginalRoutingGroups);
        DownPaths = rows.Table<bool>(WorldRowNames.DownPaths);
        Settings = rows.Table<List<string>>(WorldRowNames.Settings);
        InvariantViolations = rows.Violations();
        Outages = rows.Outages();
        Counters = rows.Counters();
    }

    public int SchemaVersion { get; set; } = CurrentSchemaVersion;

    public WorldTable<NodeRecord> Nodes { get; set; } = new();

    public WorldTable<VolumeRecord> Volumes { get; set; } = new();

    public WorldTable<AddressRecord> Addresses { get; set; } = new();

    /// <summary>DNS records keyed "{type} {name}".</summary>
    public WorldTable<DnsRecordEntry> DnsRecords { get; set; } = new();

    public WorldTable<HierarchyRecord> Hierarchies { get; set; } = new();

    /// <summary>S22: mailbox users by name.</summary>
    public WorldTable<UserRecord> Users { get; set; } = new();

    /// <summary>S26: server → the server the others' queues for it are reconnected to (absent: the server itself).</summary>
    public WorldTable<string> QueueRoutes { get; set; } = new();

    /// <summary>S23: each server's routing group now, and as it was set up (a swap is reversed back to it).</summary>
    public WorldTable<string> RoutingGroups { get; set; } = new();

    public WorldTable<string> OriginalRoutingGroups { get; set; } = new();

    /// <summary>S1: communication paths that are cut, as "a|b" with the names in order (the value is always true).</summary>
    public WorldTable<bool> DownPaths { get; set; } = new();

    /// <summary>S23: the public-folder owner list, first owner first (replace it to change it).</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Replace)]
    public List<string> PublicFolderOwners
    {
        get => Settings.GetValueOrDefault(PublicFolderOwnersKey) ?? [];
        set => Settings[PublicFolderOwnersKey] = value;
    }

    /// <summary>
    /// Issue 15: the cluster definition version the world was last seeded (or reconciled) from, recorded after the seeding and
    /// the start modes; null when none is recorded. A world behind the stored definition is reconciled at the next start.
    /// </summary>
    public long? SeededDefinitionVersion
    {
        get => Settings.GetValueOrDefault(SeededDefinitionKey) is [var text] && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;
        set
        {
            if (value is { } version)
            {
                Settings[SeededDefinitionKey] = [version.ToString(CultureInfo.InvariantCulture)];
            }
            else
            {
                Settings.Remove(SeededDefinitionKey);
            }
        }
    }

    /// <summary>One sentence per invariant violation, in the order they happened.</summary>
    public WorldLog<string> InvariantViolations { get; set; } = new();

    /// <summary>Every outage of a hierarchy that had been in service, measured effect by effect.</summary>
    public WorldLog<OutageRecord> Outages { get; set; } = new();

    /// <summary>
    /// Effects applied, keyed by <see cref="AppliedEffectRecord.LedgerKey(Ports.EffectKey, EffectKind, string, string)"/>:
    /// the in-memory store's ledger. The SQLite store keeps its ledger in a table (an old document's entries move
    /// there when the file is opened), so there this stays empty. Effects consult <see cref="Ledger"/>.
    /// </summary>
    public Dictionary<string, AppliedEffectRecord> AppliedEffects { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The ledger an update consults and records in; the store sets it per update (default: <see cref="AppliedEffects"/>).</summary>
    [JsonIgnore]
    public IEffectLedger Ledger { get; set; }

    public WorldCounters Counters { get; set; } = new();

    /// <summary>The injected faults; backed by rows, read on first use (see <see cref="WorldFaultTables"/>).</summary>
    public WorldFaults Faults
    {
        get => faults ??= loadFaults?.Invoke() ?? new WorldFaults();
        set => faults = value;
    }

    /// <summary>True when <see cref="Faults"/> was read (or set) in this update.</summary>
    internal bool FaultsLoaded => faults is not null;

    /// <summary>Small named lists (the public-folder owners, the seeded definition version).</summary>
    internal WorldTable<List<string>> Settings { get; private set; } = new();

    /// <summary>
    /// The hierarchies that have <paramref name="name"/> as a <paramref name="member"/> (ignoring case), found through
    /// the members index when rows back the world, without reading every hierarchy.
    /// </summary>
    internal IEnumerable<HierarchyRecord> HierarchiesWith(HierarchyMember member, string name) =>
        Hierarchies.WhereIndexed(MemberKey(member, name), h => MembersOf(h, member).Contains(name, StringComparer.OrdinalIgnoreCase));

    /// <summary>As <see cref="HierarchiesWith"/>, each hierarchy read only when the enumeration reaches it.</summary>
    internal IEnumerable<HierarchyRecord> HierarchiesWithLazily(HierarchyMember member, string name) =>
        Hierarchies.WhereIndexedLazily(MemberKey(member, name), h => MembersOf(h, member).Contains(name, StringComparer.OrdinalIgnoreCase));

    /// <summary>The key a hierarchy is indexed under for one of its members: "{member}:{name}", lower case.</summary>
    internal static string MemberKey(HierarchyMember member, string name) => $"{member}:{name}".ToLowerInvariant();

    /// <summary>Every index key of the hierarchy.</summary>
    internal static IEnumerable<string> MemberKeys(HierarchyRecord hierarchy) =>
        Enum.GetValues<HierarchyMember>()
            .SelectMany(m => MembersOf(hierarchy, m).Select(name => MemberKey(m, name)))
            .Distinct(StringComparer.Ordinal);

    private static IEnumerable<string> MembersOf(HierarchyRecord hierarchy, HierarchyMember member) => member switch
    {
        HierarchyMember.Volume => hierarchy.Volumes,
        HierarchyMember.Service => hierarchy.Services,
        HierarchyMember.OptionalService => hierarchy.OptionalServices,
        HierarchyMember.Share => hierarchy.Shares,
        HierarchyMember.Address => hierarchy.Address is { } address ? [address] : [],
        _ => hierarchy.Nodes,
    };

    /// <summary>A deep copy in memory, sharing nothing with this instance.</summary>
    public WorldState Clone()
    {
        var copy = new WorldState
        {
            SchemaVersion = SchemaVersion,
            Nodes = Nodes.Clone(n => n.Clone()),
            Volumes = Volumes.Clone(v => v.Clone()),
            Addresses = Addresses.Clone(a => a.Clone()),
            DnsRecords = DnsRecords.Clone(d => d.Clone()),
            Hierarchies = Hierarchies.Clone(h => h.Clone()),
            Users = Users.Clone(u => u.Clone()),
            Counters = Counters.Clone(),
            Faults = Faults.Clone(),
            QueueRoutes = QueueRoutes.Clone(r => r),
            RoutingGroups = RoutingGroups.Clone(g => g),
            OriginalRoutingGroups = OriginalRoutingGroups.Clone(g => g),
            DownPaths = DownPaths.Clone(d => d),
            Settings = Settings.Clone(l => [.. l]),
        };
        foreach (var violation in InvariantViolations)
        {
            copy.InvariantViolations.Add(violation);
        }

        foreach (var outage in Outages)
        {
            copy.Outages.Add(outage.Clone());
        }

        foreach (var (k, v) in AppliedEffects)
        {
            copy.AppliedEffects[k] = v.Clone();
        }

        return copy;
    }
}
