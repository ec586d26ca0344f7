using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld
{
    /// <summary>
    /// Adds the nodes, volumes, addresses, services, shares and DNS records of <paramref name="definition"/> the world
    /// does not know yet. A hierarchy new to the world is placed in service on its primary node: volumes mounted,
    /// address owned, services running, shares present, DNS records pointing at it. The mirror to each node of a
    /// replicated hierarchy is Mirroring unless it already has a state (S27). New nodes are up with the default
    /// software version and a running cluster agent (S29). The installed optional services a hierarchy does not protect
    /// are known on its nodes, stopped (their start mode is set by the apply, S7); declared routing groups and the
    /// public-folder owner list are set up (S23). Idempotent, and it disturbs nothing that exists; not counted as
    /// effects. Returns what was added, in words ("node node3", "hierarchy exch2 (in service on node1)"…), empty when
    /// the world already had everything.
    /// </summary>
    public Task<IReadOnlyList<string>> SeedAsync(ClusterDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return store.UpdateAsync(
            state =>
            {
                var before = Inventory(state);
                Seed(state, definition);
                IReadOnlyList<string> added = Inventory(state).Where(item => !before.Contains(item)).Select(item => Described(state, item)).ToList();
                return added;
            },
            cancellationToken);
    }

    /// <summary>Issue 15: the definition version the world records it was seeded from (null: none recorded).</summary>
    public Task<long?> SeededDefinitionVersionAsync(CancellationToken cancellationToken) =>
        store.ReadAsync(state => state.SeededDefinitionVersion, cancellationToken);

    /// <summary>Records that the world holds everything definition <paramref name="version"/> declares (unchanged when it already says so).</summary>
    public Task RecordSeededDefinitionAsync(long version, CancellationToken cancellationToken) =>
        store.UpdateAsync(
            state =>
            {
                if (state.SeededDefinitionVersion != version)
                {
                    state.SeededDefinitionVersion = version;
                }

                return version;
            },
            cancellationToken);

    /// <summary>Everything seeding can add, in words, in a stable order.</summary>
    private static List<string> Inventory(WorldState state) =>
    [
        .. state.Nodes.Values.Select(n => $"node {n.Name}"),
        .. state.Hierarchies.Values.Select(h => $"hierarchy {h.Name}"),
        .. state.Volumes.Values.Select(v => $"volume {v.Name}"),
        .. state.Addresses.Values.Select(a => $"address {a.Address}"),
        .. state.DnsRecords.Values.Select(d => $"DNS record {DnsRecordEntry.KeyOf(d.Type, d.Name)}"),
        .. state.Nodes.Values.SelectMany(n => n.Services.Keys.Select(s => $"service {s} on {n.Name}")),
    ];

    /// <summary>A new hierarchy says where seeding put it in service.</summary>
    private static string Described(WorldState state, string item) =>
        item.StartsWith("hierarchy ", StringComparison.Ordinal)
        && state.Hierarchies.TryGetValue(item["hierarchy ".Length..], out var hierarchy)
        && hierarchy.Volumes.Select(v => WorldLookup.Volume(state, v).MountedOn).FirstOrDefault() is { } on
            ? $"{item} (in service on {on})"
            : item;

    private static void Seed(WorldState state, ClusterDefinition definition)
    {
        foreach (var node in definition.Nodes)
        {
            NodeOf(state, node.Name);
        }

        foreach (var hierarchy in definition.Hierarchies)
        {
            SeedHierarchy(state, hierarchy);
        }

        SeedRouting(state, definition);
    }

    /// <summary>
    /// S23: each node's declared routing group becomes its group as set up; its current group follows only when the
    /// declaration changed (a swap made by a failover stays until the failback reverses it). A declared public-folder
    /// owner list replaces the world's.
    /// </summary>
    private static void SeedRouting(WorldState state, ClusterDefinition definition)
    {
        foreach (var node in definition.Nodes.Where(n => !string.IsNullOrWhiteSpace(n.RoutingGroup)))
        {
            var name = NodeOf(state, node.Name).Name;
            if (!string.Equals(state.OriginalRoutingGroups.GetValueOrDefault(name), node.RoutingGroup, StringComparison.Ordinal))
            {
                state.OriginalRoutingGroups[name] = node.RoutingGroup!;
                state.RoutingGroups[name] = node.RoutingGroup!;
            }
        }

        if (definition.PublicFolderOwners.Count > 0)
        {
            state.PublicFolderOwners = [.. definition.PublicFolderOwners.Select(o => NodeOf(state, o.Node).Name)];
        }
    }

    private static void SeedHierarchy(WorldState state, HierarchyDefinition definition)
    {
        var isNew = !state.Hierarchies.TryGetValue(definition.Name, out var record);
        record ??= state.Hierarchies[definition.Name] = new HierarchyRecord { Name = definition.Name };

        var nodes = definition.Priorities.OrderBy(p => p.Priority).Select(p => NodeOf(state, p.Node)).ToList();
        var volumes = definition.Volumes.Select(v => VolumeOf(state, v.Name)).ToList();
        var address = definition.Address is null ? null : AddressOf(state, definition.Address.Address);
        var dns = definition.Dns.Select(d => DnsOf(state, d.Type, d.Name)).ToList();

        AddMissing(record.Nodes, nodes.Select(n => n.Name));
        AddMissing(record.Volumes, volumes.Select(v => v.Name));
        AddMissing(record.Services, definition.Application.Services.Select(s => CanonicalService(state, s.Name)));
        AddMissing(record.OptionalServices, definition.Application.UnprotectedOptionalServices());
        AddMissing(record.Shares, definition.Application.Shares.Select(s => CanonicalShare(state, s)));
        AddMissing(record.DnsRecords, dns.Select(d => DnsRecordEntry.KeyOf(d.Type, d.Name)));
        record.Address ??= address?.Address;
        record.Application ??= definition.Application.Name;
        foreach (var volume in definition.Volumes.Where(v => !record.VolumeRoles.Keys.Contains(v.Name, StringComparer.OrdinalIgnoreCase)))
        {
            record.VolumeRoles[volumes.First(v => SameName(v.Name, volume.Name)).Name] = volume.Role;
        }

        foreach (var node in nodes)
        {
            foreach (var service in record.Services.Concat(record.OptionalServices))
            {
                node.Services.TryAdd(service, new ServiceRecord { Name = service });
            }

            if (definition.Replicated && node.Mirror == MirrorState.None)
            {
                node.Mirror = MirrorState.Mirroring;
            }
        }

        if (!isNew || nodes.Count == 0)
        {
            return;
        }

        var primary = NodeOf(state, definition.PrimaryNode);
        volumes.ForEach(v => v.MountedOn = primary.Name);
        if (address is not null)
        {
            address.Owner = primary.Name;
        }

        dns.ForEach(d => d.Target = primary.Name);
        foreach (var service in record.Services)
        {
            var running = primary.Services[service];
            running.State = ServiceState.Running;
            running.ReadyAt = null;
        }

        primary.Shares.UnionWith(record.Shares);
    }

    private static NodeRecord NodeOf(WorldState state, string name) =>
        state.Nodes.TryGetValue(name, out var node) ? node : state.Nodes[name] = new NodeRecord { Name = name };

    private static VolumeRecord VolumeOf(WorldState state, string name) =>
        state.Volumes.TryGetValue(name, out var volume) ? volume : state.Volumes[name] = new VolumeRecord { Name = name };

    private static AddressRecord AddressOf(WorldState state, string address) =>
        state.Addresses.TryGetValue(address, out var record)
            ? record
            : state.Addresses[address] = new AddressRecord { Address = address };

    private static DnsRecordEntry DnsOf(WorldState state, string type, string name)
    {
        var key = DnsRecordEntry.KeyOf(type, name);
        return state.DnsRecords.TryGetValue(key, out var record)
            ? record
            : state.DnsRecords[key] = new DnsRecordEntry { Type = type, Name = name };
    }

    /// <summary>A service or share name as another hierarchy already spells it, so names stay consistent across hierarchies.</summary>
    private static string CanonicalService(WorldState state, string name) =>
        state.Hierarchies.Values.SelectMany(h => h.Services).FirstOrDefault(s => SameName(s, name)) ?? name;

    private static string CanonicalShare(WorldState state, string name) =>
        state.Hierarchies.Values.SelectMany(h => h.Shares).FirstOrDefault(s => SameName(s, name)) ?? name;

    private static void AddMissing(List<string> target, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (!target.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                target.Add(name);
            }
        }
    }
}
