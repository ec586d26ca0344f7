using System.Text.Json.Serialization;

namespace Orchestrator.Environment.World;

/// <summary>
/// The whole simulated world as one serializable object (System.Text.Json): servers, services, volumes,
/// IP ownership, DNS records, shares, mailbox users, queue connections, the ledger of applied effects, counters,
/// injected faults and the invariant violations seen so far.
/// Name lookups ignore case; the stored names are the ones the world was seeded with.
/// </summary>
public sealed class WorldState
{
    public const int CurrentSchemaVersion = 1;

    public WorldState() => Ledger = new DocumentEffectLedger(this);

    public int SchemaVersion { get; set; } = CurrentSchemaVersion;

    public Dictionary<string, NodeRecord> Nodes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, VolumeRecord> Volumes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, AddressRecord> Addresses { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>DNS records keyed "{type} {name}".</summary>
    public Dictionary<string, DnsRecordEntry> DnsRecords { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, HierarchyRecord> Hierarchies { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>S22: mailbox users by name.</summary>
    public Dictionary<string, UserRecord> Users { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>S26: server → the server the others' queues for it are reconnected to (absent: the server itself).</summary>
    public Dictionary<string, string> QueueRoutes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>S23: each server's routing group now, and as it was set up (a swap is reversed back to it).</summary>
    public Dictionary<string, string> RoutingGroups { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, string> OriginalRoutingGroups { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>S1: communication paths that are cut, as "a|b" with the names in order.</summary>
    public HashSet<string> DownPaths { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>S23: the public-folder owner list, first owner first.</summary>
    public List<string> PublicFolderOwners { get; set; } = [];

    /// <summary>One sentence per invariant violation, in the order they happened.</summary>
    public List<string> InvariantViolations { get; set; } = [];

    /// <summary>Every outage of a hierarchy that had been in service, measured effect by effect.</summary>
    public List<OutageRecord> Outages { get; set; } = [];

    /// <summary>
    /// Effects applied, keyed by <see cref="AppliedEffectRecord.LedgerKey(Ports.EffectKey, EffectKind, string, string)"/>:
    /// the in-memory store's ledger. The SQLite store keeps its ledger in a table (an old document's entries move
    /// there when the file is opened), so in its documents this stays empty. Effects consult <see cref="Ledger"/>.
    /// </summary>
    public Dictionary<string, AppliedEffectRecord> AppliedEffects { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The ledger an update consults and records in; the store sets it per update (default: <see cref="AppliedEffects"/>).</summary>
    [JsonIgnore]
    public IEffectLedger Ledger { get; set; }

    public WorldCounters Counters { get; set; } = new();

    public WorldFaults Faults { get; set; } = new();

    /// <summary>A deep copy sharing nothing with this instance.</summary>
    public WorldState Clone()
    {
        var copy = new WorldState
        {
            SchemaVersion = SchemaVersion,
            Counters = Counters.Clone(),
            Faults = Faults.Clone(),
            QueueRoutes = new(QueueRoutes, StringComparer.OrdinalIgnoreCase),
            RoutingGroups = new(RoutingGroups, StringComparer.OrdinalIgnoreCase),
            OriginalRoutingGroups = new(OriginalRoutingGroups, StringComparer.OrdinalIgnoreCase),
            PublicFolderOwners = [.. PublicFolderOwners],
            DownPaths = new(DownPaths, StringComparer.OrdinalIgnoreCase),
            InvariantViolations = [.. InvariantViolations],
            Outages = [.. Outages.Select(o => o.Clone())],
        };
        foreach (var (k, v) in Nodes)
        {
            copy.Nodes[k] = v.Clone();
        }

        foreach (var (k, v) in Volumes)
        {
            copy.Volumes[k] = v.Clone();
        }

        foreach (var (k, v) in Addresses)
        {
            copy.Addresses[k] = v.Clone();
        }

        foreach (var (k, v) in DnsRecords)
        {
            copy.DnsRecords[k] = v.Clone();
        }

        foreach (var (k, v) in Hierarchies)
        {
            copy.Hierarchies[k] = v.Clone();
        }

        foreach (var (k, v) in Users)
        {
            copy.Users[k] = v.Clone();
        }

        foreach (var (k, v) in AppliedEffects)
        {
            copy.AppliedEffects[k] = v.Clone();
        }

        return copy;
    }
}
