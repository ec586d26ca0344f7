using Orchestrator.Domain.Administration;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld
{
    /// <summary>
    /// S11: the node's database names for the application. An explicit name list (`world set-stores`, a rename) wins;
    /// otherwise a node a hierarchy of the application lists has the defaults every seeded node shares ("First Storage
    /// Group", "Mailbox Store (APP)", "Public Folder Store (APP)"). Null (unknown) for a node that is down, unknown to the
    /// world, or that has never had the application (no explicit names and no hierarchy of it lists the node).
    /// </summary>
    public Task<StoreNames?> ReadStoreNamesAsync(string node, string application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(application);
        return store.ReadAsync(state => state.Nodes.TryGetValue(node, out var n) && n.Up ? StoreNamesOf(state, n, application) : null, cancellationToken);
    }

    /// <summary>
    /// S10: where the application's Exchange data lives on the node and what is known of each volume holding it (a
    /// volume the world does not know is left out: unknown). Paths set with `world exchange-data` win; otherwise a node a
    /// hierarchy of the application lists has its data on the hierarchy's volumes by role (database files in
    /// "E:\mdbdata", logs in "F:\logs", queue and badmail under "G:\mailroot\vsi 1"; a role without a volume goes to
    /// the database volume), and a path an explicit record leaves unset is where Exchange 2003 installs it, under
    /// "C:\Program Files\Exchsrvr". Null (unknown) for a node that is down, unknown, or has never had the application.
    /// </summary>
    public Task<ExchangeDataReading?> ReadExchangeDataAsync(string node, string application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(application);
        return store.ReadAsync(
            state => state.Nodes.TryGetValue(node, out var n) && n.Up && DataPathsOf(state, n, application) is { } paths
                ? Reading(state, n, application, paths)
                : null,
            cancellationToken);
    }

    /// <summary>
    /// For tests and demos: sets the database names the node's Exchange server has for the application (a kind not given
    /// keeps what it has). Not an effect: not counted. Throws for an unknown node.
    /// </summary>
    public Task SetStoreNamesAsync(
        string node, string application, IReadOnlyList<string> storageGroups, IReadOnlyList<string> mailboxStores, IReadOnlyList<string> publicStores, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentException.ThrowIfNullOrWhiteSpace(application);
        return store.UpdateAsync(
            state =>
            {
                var record = WorldLookup.Node(state, node).ExchangeFor(application);
                record.StorageGroups = storageGroups.Count > 0 ? [.. storageGroups] : record.StorageGroups;
                record.MailboxStores = mailboxStores.Count > 0 ? [.. mailboxStores] : record.MailboxStores;
                record.PublicStores = publicStores.Count > 0 ? [.. publicStores] : record.PublicStores;
                return true;
            },
            cancellationToken);
    }

    /// <summary>
    /// For tests and demos: sets where the application's Exchange data lives on the node (a path not given keeps what it
    /// has). Not an effect: not counted. Throws for an unknown node.
    /// </summary>
    public Task SetExchangeDataAsync(string node, string application, ExchangeDataPaths paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentException.ThrowIfNullOrWhiteSpace(application);
        ArgumentNullException.ThrowIfNull(paths);
        return store.UpdateAsync(
            state =>
            {
                var record = WorldLookup.Node(state, node).ExchangeFor(application);
                record.SystemDrive = paths.SystemDrive ?? record.SystemDrive;
                record.Database = paths.Database ?? record.Database;
                record.Logs = paths.Logs ?? record.Logs;
                record.SmtpQueue = paths.SmtpQueue ?? record.SmtpQueue;
                record.Badmail = paths.Badmail ?? record.Badmail;
                return true;
            },
            cancellationToken);
    }

    /// <summary>
    /// For tests and demos (S10): adds a data volume, mounted on <paramref name="node"/> unless <paramref name="unmounted"/>,
    /// protected by a volume resource unless <paramref name="unprotected"/>. A volume the world knows is updated to say so.
    /// Not an effect: not counted. Throws for an unknown node.
    /// </summary>
    public Task AddVolumeAsync(string name, string node, bool unprotected, bool unmounted, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(node);
        return store.UpdateAsync(
            state =>
            {
                var on = WorldLookup.Node(state, node).Name;
                var volume = VolumeOf(state, name);
                volume.Unprotected = unprotected;
                volume.MountedOn = unmounted ? (SameName(volume.MountedOn, on) ? null : volume.MountedOn) : on;
                return true;
            },
            cancellationToken);
    }

    /// <summary>The default database names every node of an application's hierarchy shares.</summary>
    public static StoreNames DefaultStoreNames(string application) =>
        new(["First Storage Group"], [$"Mailbox Store ({application})"], [$"Public Folder Store ({application})"]);

    /// <summary>Every node's database names per application it has, by node then application.</summary>
    private static List<StoreNamesSnapshot> StoreNamesSnapshots(WorldState state)
    {
        var byName = StringComparer.OrdinalIgnoreCase;
        var applications = state.Hierarchies.Values.SelectMany(h => h.Nodes.Select(n => (Node: n, Application: h.ApplicationName))).ToList();
        return [.. state.Nodes.Values.OrderBy(n => n.Name, byName)
            .SelectMany(n => n.Exchange.Keys.Concat(applications.Where(a => SameName(a.Node, n.Name)).Select(a => a.Application))
                .Distinct(byName)
                .Order(byName)
                .Select(a => (Node: n, Application: a, Names: StoreNamesOf(state, n, a))))
            .Where(x => x.Names is not null)
            .Select(x => new StoreNamesSnapshot(x.Node.Name, x.Application, x.Names!.StorageGroups, x.Names.MailboxStores, x.Names.PublicStores))];
    }

    private static StoreNames? StoreNamesOf(WorldState state, NodeRecord node, string application)
    {
        var record = node.ExchangeOf(application);
        var known = record is { StorageGroups: not null } or { MailboxStores: not null } or { PublicStores: not null }
            || HierarchyOf(state, node, application) is not null;
        if (!known)
        {
            return null;
        }

        var defaults = DefaultStoreNames(ApplicationSpelling(state, node, application));
        return new StoreNames(
            record?.StorageGroups ?? [.. defaults.StorageGroups],
            record?.MailboxStores ?? [.. defaults.MailboxStores],
            record?.PublicStores ?? [.. defaults.PublicStores]);
    }

    /// <summary>The application as its hierarchy spells it (its default names use that spelling).</summary>
    private static string ApplicationSpelling(WorldState state, NodeRecord node, string application) =>
        HierarchyOf(state, node, application)?.ApplicationName ?? application;

    /// <summary>The hierarchy of the application that lists the node, if any.</summary>
    private static HierarchyRecord? HierarchyOf(WorldState state, NodeRecord node, string application) =>
        state.HierarchiesWith(HierarchyMember.Node, node.Name).FirstOrDefault(h => SameName(h.ApplicationName, application));

    /// <summary>Where the application's data lives on the node (explicit, else derived from its hierarchy), or null when unknown.</summary>
    private static ExchangeDataPaths? DataPathsOf(WorldState state, NodeRecord node, string application)
    {
        var record = node.ExchangeOf(application);
        var hierarchy = HierarchyOf(state, node, application);
        var explicitPaths = record is not null && (record.SystemDrive ?? record.Database ?? record.Logs ?? record.SmtpQueue ?? record.Badmail) is not null;
        if (!explicitPaths && hierarchy is null)
        {
            return null;
        }

        var system = record?.SystemDrive ?? "C:";
        var derived = hierarchy is null ? InstallDefaults(system) : FromVolumes(hierarchy, system);
        return new ExchangeDataPaths(
            system,
            record?.Database ?? derived.Database,
            record?.Logs ?? derived.Logs,
            record?.SmtpQueue ?? derived.SmtpQueue,
            record?.Badmail ?? derived.Badmail);
    }

    /// <summary>Where Exchange Server 2003 puts its data when installed: under Program Files on the system drive.</summary>
    private static ExchangeDataPaths InstallDefaults(string systemDrive)
    {
        var root = $"{Drive(systemDrive)}\\Program Files\\Exchsrvr";
        return new ExchangeDataPaths(systemDrive, $"{root}\\mdbdata", $"{root}\\mdbdata", $"{root}\\mailroot\\vsi 1\\queue", $"{root}\\mailroot\\vsi 1\\badmail");
    }

    /// <summary>The data on the hierarchy's volumes by role; a role without a volume goes to the database (else first) volume.</summary>
    private static ExchangeDataPaths FromVolumes(HierarchyRecord hierarchy, string systemDrive)
    {
        if (hierarchy.Volumes.Count == 0)
        {
            return InstallDefaults(systemDrive);
        }

        string[] byPlace = ["database", "logs", "smtp-queue"];
        string RoleOf(string volume, int index) =>
            hierarchy.VolumeRoles.FirstOrDefault(r => SameName(r.Key, volume)).Value ?? (index < byPlace.Length ? byPlace[index] : "other");
        var roles = hierarchy.Volumes.Select((v, i) => (Volume: v, Role: RoleOf(v, i))).ToList();
        var database = roles.FirstOrDefault(r => r.Role == "database").Volume ?? hierarchy.Volumes[0];
        var logs = roles.FirstOrDefault(r => r.Role == "logs").Volume ?? database;
        var queue = roles.FirstOrDefault(r => r.Role == "smtp-queue").Volume ?? database;
        return new ExchangeDataPaths(
            systemDrive,
            $"{Drive(database)}\\mdbdata",
            $"{Drive(logs)}\\logs",
            $"{Drive(queue)}\\mailroot\\vsi 1\\queue",
            $"{Drive(queue)}\\mailroot\\vsi 1\\badmail");
    }

    private static ExchangeDataReading Reading(WorldState state, NodeRecord node, string application, ExchangeDataPaths paths)
    {
        var names = StoreNamesOf(state, node, application) ?? DefaultStoreNames(application);
        var group = names.StorageGroups.FirstOrDefault() ?? "First Storage Group";
        List<DataFileLocation> files =
        [
            .. names.MailboxStores.Select(m => new DataFileLocation(DataFileKind.Database, $"mailbox store {m} of storage group {group}", DriveOf(paths.Database!), paths.Database!)),
            .. names.PublicStores.Select(p => new DataFileLocation(DataFileKind.Database, $"public store {p} of storage group {group}", DriveOf(paths.Database!), paths.Database!)),
            .. names.StorageGroups.Select(g => new DataFileLocation(DataFileKind.TransactionLog, $"storage group {g}", DriveOf(paths.Logs!), paths.Logs!)),
            new DataFileLocation(DataFileKind.SmtpQueue, "SMTP virtual server 1", DriveOf(paths.SmtpQueue!), paths.SmtpQueue!),
            new DataFileLocation(DataFileKind.Badmail, "SMTP virtual server 1", DriveOf(paths.Badmail!), paths.Badmail!),
        ];
        var system = Drive(paths.SystemDrive!);
        var volumes = files.Select(f => f.Volume)
            .Where(d => !SameName(d, system))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(d => state.Volumes.Values.FirstOrDefault(v => SameName(Drive(v.Name), d)))
            .OfType<VolumeRecord>()
            .Select(v => new DataVolume(
                v.Name,
                v.Unprotected ? null : v.Name,
                SameName(v.MountedOn, node.Name),
                state.HierarchiesWith(HierarchyMember.Volume, v.Name).FirstOrDefault()?.Name))
            .ToList();
        return new ExchangeDataReading(system, files, volumes);
    }

    /// <summary>The drive (volume) a path is on: "E:\mdbdata" → "E:"; a path without a drive is its own volume.</summary>
    private static string DriveOf(string path)
    {
        var colon = path.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? path[..(colon + 1)] : path;
    }

    /// <summary>"E", "E:", "E:\" all name drive E:.</summary>
    private static string Drive(string volume)
    {
        var v = volume.Trim().TrimEnd('\\', '/');
        return v.EndsWith(':') ? v : v + ":";
    }
}
