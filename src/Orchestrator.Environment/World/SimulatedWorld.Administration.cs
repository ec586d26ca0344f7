using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Cluster;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld : IHierarchyAdministration
{
    /// <summary>
    /// S11: renames one storage group, mailbox store or public store of the application on rename.Node; the node's names
    /// become explicit. False (a no-op) when the node already has <c>To</c> and no <c>From</c>. Refused (not transient) when
    /// the node does not say its names or has neither. Counted as "StoreRename:{node}/{application}".
    /// </summary>
    public Task<bool> RenameStoreAsync(string application, StoreRename rename, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(application);
        ArgumentNullException.ThrowIfNull(rename);
        return ExecuteAsync(
            EffectKind.StoreRename,
            rename.Node,
            key,
            _ => application,
            (state, node, target, _) =>
            {
                if (StoreNamesOf(state, node, target) is not { } names)
                {
                    return EffectOutcome<bool>.Rejected(new EnvironmentException(
                        $"{node.Name} does not say the database names of {target}; extend {target} to {node.Name} or set its names first", transient: false));
                }

                var (list, set) = rename.Kind.ToLowerInvariant() switch
                {
                    "storage group" => (names.StorageGroups, (Action<ExchangeServerRecord, List<string>>)((r, l) => r.StorageGroups = l)),
                    "mailbox store" => (names.MailboxStores, (r, l) => r.MailboxStores = l),
                    "public store" => (names.PublicStores, (r, l) => r.PublicStores = l),
                    _ => throw new ArgumentException($"unknown store kind '{rename.Kind}': storage group, mailbox store or public store", nameof(rename)),
                };
                var index = list.ToList().FindIndex(n => string.Equals(n, rename.From, StringComparison.Ordinal));
                if (index < 0)
                {
                    return list.Contains(rename.To, StringComparer.Ordinal)
                        ? EffectOutcome<bool>.NoOp(false)
                        : EffectOutcome<bool>.Rejected(new EnvironmentException(
                            $"{node.Name} has no {rename.Kind} '{rename.From}' for {target} (it has {string.Join(", ", list.Select(n => $"'{n}'"))})", transient: false));
                }

                var renamed = list.ToList();
                renamed[index] = rename.To;
                var record = node.ExchangeFor(target);
                record.StorageGroups ??= [.. names.StorageGroups];
                record.MailboxStores ??= [.. names.MailboxStores];
                record.PublicStores ??= [.. names.PublicStores];
                set(record, renamed);
                return EffectOutcome<bool>.Applied(true);
            },
            (_, _, _, _) => false,
            cancellationToken);
    }

    /// <summary>
    /// S10: records the hierarchy with the node as its only node, its volumes, services, shares, address and DNS records;
    /// the application is in service there already, so nothing starts or moves: its protected and optional services
    /// become manual start on the node (a service the node did not know is taken as running). Clears an old tombstone of
    /// the name. False when the world already records the hierarchy on that node; refused (not transient) when it records
    /// it elsewhere. Counted as "HierarchyCreate:{node}/{hierarchy}".
    /// </summary>
    public Task<bool> CreateAsync(string node, HierarchyDefinition hierarchy, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        return ExecuteAsync(
            EffectKind.HierarchyCreate,
            node,
            key,
            state => state.Hierarchies.TryGetValue(hierarchy.Name, out var known) ? known.Name : hierarchy.Name,
            (state, n, target, _) =>
            {
                if (state.Hierarchies.TryGetValue(target, out var existing))
                {
                    return existing.Nodes.Contains(n.Name, StringComparer.OrdinalIgnoreCase)
                        ? EffectOutcome<bool>.NoOp(false)
                        : EffectOutcome<bool>.Rejected(new EnvironmentException(
                            $"hierarchy {target} already exists on {string.Join(", ", existing.Nodes)}; delete it there first", transient: false));
                }

                var record = state.Hierarchies[target] = new HierarchyRecord { Name = target, Application = hierarchy.Application.Name, Nodes = [n.Name] };
                Describe(state, record, hierarchy);
                foreach (var volume in record.Volumes.Select(v => state.Volumes[v]))
                {
                    volume.MountedOn ??= n.Name;
                }

                if (record.Address is { } address && state.Addresses[address] is { Owner: null } owned)
                {
                    owned.Owner = n.Name;
                }

                foreach (var service in record.Services)
                {
                    var known = n.Services.TryGetValue(service, out var s) ? s : n.Services[service] = new ServiceRecord { Name = service, State = ServiceState.Running };
                    known.StartMode = ServiceStartMode.Manual;
                }

                foreach (var service in record.OptionalServices)
                {
                    var known = n.Services.TryGetValue(service, out var s) ? s : n.Services[service] = new ServiceRecord { Name = service };
                    known.StartMode = ServiceStartMode.Manual;
                }

                if (hierarchy.Replicated && n.Mirror == Domain.Rules.MirrorState.None)
                {
                    n.Mirror = Domain.Rules.MirrorState.Mirroring;
                }

                state.Settings.Remove(TombstoneKey(target));
                return EffectOutcome<bool>.Applied(true);
            },
            (_, _, _, _) => false,
            cancellationToken);
    }

    /// <summary>
    /// S11: the node can run the hierarchy: its protected and optional services are known there (a service it did not know
    /// is stopped), manual start; the mirror to it is set up when the hierarchy is replicated; the node joins the
    /// hierarchy's node list in priority order. False when the node is listed already; refused (not transient) when the world
    /// does not record the hierarchy. Counted as "HierarchyExtend:{node}/{hierarchy}".
    /// </summary>
    public Task<bool> ExtendAsync(string node, HierarchyDefinition hierarchy, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        return ExecuteAsync(
            EffectKind.HierarchyExtend,
            node,
            key,
            state => state.Hierarchies.TryGetValue(hierarchy.Name, out var known) ? known.Name : hierarchy.Name,
            (state, n, target, _) =>
            {
                if (!state.Hierarchies.TryGetValue(target, out var record))
                {
                    return EffectOutcome<bool>.Rejected(new EnvironmentException(
                        $"hierarchy {target} is not recorded in the world; create it on its primary before extending it to {n.Name}", transient: false));
                }

                if (record.Nodes.Contains(n.Name, StringComparer.OrdinalIgnoreCase))
                {
                    return EffectOutcome<bool>.NoOp(false);
                }

                foreach (var service in record.Services.Concat(record.OptionalServices))
                {
                    var known = n.Services.TryGetValue(service, out var s) ? s : n.Services[service] = new ServiceRecord { Name = service };
                    known.StartMode = ServiceStartMode.Manual;
                }

                if (hierarchy.Replicated && n.Mirror == Domain.Rules.MirrorState.None)
                {
                    n.Mirror = Domain.Rules.MirrorState.Mirroring;
                }

                record.Nodes = [.. record.Nodes.Append(n.Name)
                    .Select((name, index) => (name, index))
                    .OrderBy(x => hierarchy.PriorityOf(x.name) ?? int.MaxValue)
                    .ThenBy(x => x.index)
                    .Select(x => x.name)];
                return EffectOutcome<bool>.Applied(true);
            },
            (_, _, _, _) => false,
            cancellationToken);
    }

    /// <summary>
    /// S12: removes the node from the hierarchy's node list; its services stay known there. Refused (not transient) while
    /// the hierarchy is in service on the node (a volume of it mounted, a service of it running, its address owned there)
    /// and when the world does not record the hierarchy. False when the node is not listed. Applies to a node that is down.
    /// Counted as "HierarchyUnextend:{node}/{hierarchy}".
    /// </summary>
    public Task<bool> UnextendAsync(string node, string hierarchy, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        return ExecuteAsync(
            EffectKind.HierarchyUnextend,
            node,
            key,
            state => WorldLookup.Hierarchy(state, hierarchy).Name,
            (state, n, target, _) =>
            {
                var record = state.Hierarchies[target];
                if (!record.Nodes.Contains(n.Name, StringComparer.OrdinalIgnoreCase))
                {
                    return EffectOutcome<bool>.NoOp(false);
                }

                if (InServiceOn(state, record, n) is { } holds)
                {
                    return EffectOutcome<bool>.Rejected(new EnvironmentException(
                        $"hierarchy {target} is in service on {n.Name} ({holds}); take it out of service there (or move it) before unextending it from {n.Name}", transient: false));
                }

                record.Nodes = [.. record.Nodes.Where(name => !SameName(name, n.Name))];
                return EffectOutcome<bool>.Applied(true);
            },
            (_, _, _, _) => false,
            nodeMayBeDown: true,
            cancellationToken);
    }

    /// <summary>
    /// S13: forgets the hierarchy; its volumes, services, address and shares stay as they are, and each of its nodes keeps
    /// its Exchange server's names and data paths (made explicit). When <paramref name="inServiceOn"/> is a node other than
    /// <paramref name="primaryNode"/>, records a tombstone with the users homed there (see <see cref="DeletedOnBackupAsync"/>).
    /// False when the world no longer records it. Counted as "HierarchyDelete:{primary node}/{hierarchy}".
    /// </summary>
    public Task<bool> DeleteAsync(string hierarchy, string? inServiceOn, string primaryNode, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        return ExecuteAsync(
            EffectKind.HierarchyDelete,
            primaryNode,
            key,
            state =>
            {
                if (inServiceOn is not null)
                {
                    WorldLookup.Node(state, inServiceOn);
                }

                return state.Hierarchies.TryGetValue(hierarchy, out var known) ? known.Name : hierarchy;
            },
            (state, primary, target, _) =>
            {
                if (!state.Hierarchies.TryGetValue(target, out var record))
                {
                    return EffectOutcome<bool>.NoOp(false);
                }

                foreach (var listed in record.Nodes.Select(name => WorldLookup.Node(state, name)))
                {
                    KeepExchangeServer(state, listed, record.ApplicationName);
                }

                state.Hierarchies.Remove(target);
                if (inServiceOn is not null && !SameName(inServiceOn, primary.Name))
                {
                    var backup = WorldLookup.Node(state, inServiceOn).Name;
                    var users = state.Users.Values.Where(u => SameName(u.Home, backup)).Select(u => u.Name).Order(StringComparer.OrdinalIgnoreCase);
                    state.Settings[TombstoneKey(target)] = [target, backup, primary.Name, .. users];
                }

                return EffectOutcome<bool>.Applied(true);
            },
            (_, _, _, _) => false,
            nodeMayBeDown: true,
            cancellationToken);
    }

    /// <summary>
    /// S10: the hierarchies deleted while in service on a backup whose users are not all back: a tombstone records the users
    /// homed on the backup when it was deleted (in active/standby they are the application's, moved there by the failover)
    /// and stays until every one of them is homed on the primary again or is gone from the directory (none recorded: nothing
    /// to repair).
    /// </summary>
    public Task<IReadOnlyList<Domain.Rules.HierarchyPlacement>> DeletedOnBackupAsync(CancellationToken cancellationToken) =>
        store.ReadAsync(Tombstones, cancellationToken);

    /// <summary>
    /// S10 repair: the users the hierarchy's tombstone recorded that the directory still has and that are not homed on its
    /// primary, by name; empty when there is no tombstone of that name or they are all back.
    /// </summary>
    public Task<IReadOnlyList<string>> UsersToMoveBackAsync(string hierarchy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        return store.ReadAsync<IReadOnlyList<string>>(
            state => state.Settings.TryGetValue(TombstoneKey(hierarchy), out var t) && t.Count >= 3
                ? [.. t.Skip(3).Where(u => state.Users.TryGetValue(u, out var user) && !SameName(user.Home, t[2]))]
                : [],
            cancellationToken);
    }

    /// <summary>"The world tells": the nodes the world records for the hierarchy, primary first; empty when it records none of that name.</summary>
    public Task<IReadOnlyList<string>> HierarchyNodesAsync(string hierarchy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        return store.ReadAsync<IReadOnlyList<string>>(
            state => state.Hierarchies.TryGetValue(hierarchy, out var record) ? [.. record.Nodes] : [],
            cancellationToken);
    }

    /// <summary>The tombstones still in force (see <see cref="DeletedOnBackupAsync"/>), by hierarchy.</summary>
    private static IReadOnlyList<Domain.Rules.HierarchyPlacement> Tombstones(WorldState state) =>
        [.. state.Settings.Keys.ToList()
            .Where(k => k.StartsWith(TombstonePrefix, StringComparison.OrdinalIgnoreCase))
            .Select(k => state.Settings[k])
            .Where(t => t.Count >= 3 && t.Skip(3).Any(u => state.Users.TryGetValue(u, out var user) && !SameName(user.Home, t[2])))
            .Select(t => new Domain.Rules.HierarchyPlacement(t[0], t[1], t[2]))
            .OrderBy(p => p.Hierarchy, StringComparer.OrdinalIgnoreCase)];

    private const string TombstonePrefix = "deleted-on-backup:";

    /// <summary>The settings key of a hierarchy's tombstone: [hierarchy, backup node, primary node, users homed on the backup…].</summary>
    private static string TombstoneKey(string hierarchy) => TombstonePrefix + hierarchy.ToLowerInvariant();

    /// <summary>Records what the hierarchy's definition names (volumes with their roles, services, shares, address, DNS), making the world objects it does not know.</summary>
    private static void Describe(WorldState state, HierarchyRecord record, HierarchyDefinition definition)
    {
        var volumes = definition.Volumes.Select(v => (Record: VolumeOf(state, v.Name), v.Role)).ToList();
        AddMissing(record.Volumes, volumes.Select(v => v.Record.Name));
        volumes.ForEach(v => record.VolumeRoles[v.Record.Name] = v.Role);
        AddMissing(record.Services, definition.Application.Services.Select(s => CanonicalService(state, s.Name)));
        AddMissing(record.OptionalServices, definition.Application.UnprotectedOptionalServices());
        AddMissing(record.Shares, definition.Application.Shares.Select(s => CanonicalShare(state, s)));
        AddMissing(record.DnsRecords, definition.Dns.Select(d => DnsOf(state, d.Type, d.Name)).Select(d => DnsRecordEntry.KeyOf(d.Type, d.Name)));
        record.Address = definition.Address is null ? null : AddressOf(state, definition.Address.Address).Address;
    }

    /// <summary>What of the hierarchy the node holds, in words ("volume E mounted"), or null when it holds none of it.</summary>
    private static string? InServiceOn(WorldState state, HierarchyRecord record, NodeRecord node)
    {
        List<string> held =
        [
            .. record.Volumes.Where(v => state.Volumes.TryGetValue(v, out var volume) && SameName(volume.MountedOn, node.Name)).Select(v => $"volume {v} mounted"),
            .. record.Services.Where(s => node.Services.TryGetValue(s, out var service) && service.RunsOrStarts).Select(s => $"service {s} running"),
            .. record.Address is { } a && state.Addresses.TryGetValue(a, out var address) && SameName(address.Owner, node.Name) ? [$"address {a} owned"] : Array.Empty<string>(),
        ];
        return held.Count == 0 ? null : string.Join(", ", held);
    }

    /// <summary>The node's Exchange server keeps its names and data paths when the hierarchy that implied them goes.</summary>
    private static void KeepExchangeServer(WorldState state, NodeRecord node, string application)
    {
        var names = StoreNamesOf(state, node, application);
        var paths = DataPathsOf(state, node, application);
        if (names is null && paths is null)
        {
            return;
        }

        var record = node.ExchangeFor(application);
        record.StorageGroups ??= names is null ? null : [.. names.StorageGroups];
        record.MailboxStores ??= names is null ? null : [.. names.MailboxStores];
        record.PublicStores ??= names is null ? null : [.. names.PublicStores];
        record.SystemDrive ??= paths?.SystemDrive;
        record.Database ??= paths?.Database;
        record.Logs ??= paths?.Logs;
        record.SmtpQueue ??= paths?.SmtpQueue;
        record.Badmail ??= paths?.Badmail;
    }
}
