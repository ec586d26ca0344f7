using System.Globalization;
using System.Text.RegularExpressions;

namespace Orchestrator.Testing.Lab;

/// <summary>
/// The lab's mail driven by ClusterLabs' agents, unchanged (issue 14): a <see cref="LabCluster"/> whose cluster file
/// (<see cref="Rewrite"/>) gives the hierarchy's address to <c>ocf:heartbeat:IPaddr2</c> (ip, cidr_netmask, nic lab0),
/// its volume to <c>ocf:heartbeat:Filesystem</c> (device, directory, fstype ext4) and its MTA to
/// <c>ocf:heartbeat:postfix</c> (binary, config_dir = the node's Postfix directory, the same path on every node); the
/// DNS record stays the built-in kind. The volume is a real ext4 file system: an image file in the lab's work directory
/// (made by <c>mkfs.ext4 -d</c> from the mail volume's directory: queue and Maildir, owners kept) on one loop device of
/// the host, <see cref="Device"/> — the shared disk of the lab's nodes. Each node's agent runs in a mount namespace of its
/// own (<c>ip netns exec</c>), so the mount Filesystem makes on the volume's directory is that node's alone and its
/// children's (Postfix's); every node mounts the same block device, so the kernel gives them one superblock (never two
/// writers of one image); a fenced node's mount goes with its namespace's last process. The test reads the mail through
/// <see cref="ObserverDirectory"/>, a mount of the same device on the host made once the agents run (the host's mounts
/// do not propagate into their namespaces). Postfix's OCF agent wants config_dir in the system main.cf's
/// <c>alternate_config_directories</c>: /etc/postfix/main.cf is given that line (what was there is kept beside it and
/// put back by the lab's teardown, <see cref="ReleaseAsync"/>, which also unmounts the observer and detaches the device
/// — after a dead test's too).
/// </summary>
public sealed class LabClusterLabs
{
    /// <summary>The OCF agents used, each under OCF_ROOT (/usr/lib/ocf/resource.d/heartbeat).</summary>
    public static readonly IReadOnlyList<string> Agents = ["IPaddr2", "Filesystem", "postfix"];

    private const string OcfDirectory = "/usr/lib/ocf/resource.d/heartbeat";
    private const string SystemMainCf = "/etc/postfix/main.cf";
    private const string Marker = "# written by the lab ";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(20);

    private readonly LabMail _mail;

    private LabClusterLabs(LabMail mail, string image, string device, string observer)
    {
        _mail = mail;
        Image = image;
        Device = device;
        ObserverDirectory = observer;
    }

    /// <summary>Why ClusterLabs' variant cannot run here: the lab cluster's reason, or resource-agents or a program Filesystem or the harness runs missing.</summary>
    public static string? MissingReason =>
        LabCluster.MissingReason
        ?? (Agents.All(a => File.Exists(Path.Combine(OcfDirectory, a))) ? null : $"{string.Join(", ", Agents)} not all in {OcfDirectory}: install Debian's resource-agents")
        ?? LabTools.Missing(("mkfs.ext4", "e2fsprogs"), ("losetup", "util-linux"), ("findmnt", "util-linux"), ("modprobe", "kmod"), ("fuser", "psmisc"));

    /// <summary>The ext4 image file.</summary>
    public string Image { get; }

    /// <summary>The host's loop device over <see cref="Image"/>: Filesystem's <c>device</c>.</summary>
    public string Device { get; }

    /// <summary>The host's mount of <see cref="Device"/>, where the test reads the queue and the Maildir (not Postfix's paths: those are the nodes').</summary>
    public string ObserverDirectory { get; private set; }

    /// <summary>The Maildir of <see cref="LabMail.Recipient"/> as the host sees it (through <see cref="ObserverDirectory"/>).</summary>
    public string MailboxDirectory => Path.Combine(ObserverDirectory, Path.GetRelativePath(_mail.Volume.Path, _mail.MailboxDirectory));

    /// <summary>
    /// Makes the volume's image from <paramref name="mail"/>'s volume directory (then emptied: it becomes the mount point),
    /// attaches it to a loop device, and adds the nodes' Postfix configuration directory (one path on every node, as
    /// <see cref="LabCluster.NodeDirectory"/>) to the system main.cf's
    /// alternate_config_directories. Call before <see cref="LabCluster.StartAsync"/>; <see cref="MountObserverAsync"/> after.
    /// </summary>
    public static async Task<LabClusterLabs> PrepareAsync(LabNetwork lab, LabMail mail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(mail);
        if (MissingReason is { } missing)
        {
            throw new InvalidOperationException(missing);
        }

        var configDirectory = ConfigDirectoryOf(mail);
        var image = Path.Combine(lab.WorkDirectory, "volumes", "mail.ext4");
        await RequireAsync(lab, "mkfs.ext4", ["-q", "-F", "-L", "labmail", "-d", mail.Volume.Path, image, "64M"], cancellationToken).ConfigureAwait(false);
        foreach (var entry in new DirectoryInfo(mail.Volume.Path).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo directory)
            {
                directory.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }

        // LabCluster's `postfix check` (as installing Postfix does) wants the queue directory where the volume is not mounted
        // (the host's): an empty one, hidden under each node's mount; on the volume, the OCF agent's own `postfix check`
        // (its validate, before every start) makes the queue's directories.
        Directory.CreateDirectory(mail.QueueDirectory);
        var device = (await RequireAsync(lab, "losetup", ["-f", "--show", image], cancellationToken).ConfigureAwait(false)).StandardOutput.Trim();
        lab.Record($"volume mail: ext4 image {image} on {device} (mounted by each node's Filesystem agent on {mail.Volume.Path} in that node's mount namespace)");

        // alternate_config_directories for the OCF postfix agent: the system main.cf kept beside (or noted absent), put back by the teardown.
        var backup = BackupOf(lab.Prefix);
        if (File.Exists(SystemMainCf))
        {
            File.Copy(SystemMainCf, backup, overwrite: false);
        }
        else
        {
            await File.WriteAllTextAsync(backup, Marker + "(there was no main.cf)\n", cancellationToken).ConfigureAwait(false);
        }

        var kept = File.Exists(SystemMainCf)
            ? (await File.ReadAllLinesAsync(SystemMainCf, cancellationToken).ConfigureAwait(false)).Where(l => !l.StartsWith("alternate_config_directories", StringComparison.Ordinal))
            : [];
        await File.WriteAllTextAsync(
            SystemMainCf,
            string.Join('\n', [.. kept, Marker + lab.Prefix, $"alternate_config_directories = {configDirectory}", ""]),
            cancellationToken).ConfigureAwait(false);
        lab.Record($"{SystemMainCf}: alternate_config_directories = {configDirectory} (was kept in {backup})");
        return new LabClusterLabs(mail, image, device, Path.Combine(lab.WorkDirectory, "volumes", "mail-observer"));
    }

    /// <summary>Mounts <see cref="Device"/> on the host at <see cref="ObserverDirectory"/> (once the agents run: they do not see it).</summary>
    public async Task MountObserverAsync(LabNetwork lab, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lab);
        Directory.CreateDirectory(ObserverDirectory);
        await RequireAsync(lab, "mount", ["-t", "ext4", Device, ObserverDirectory], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The messages in the queue, as the host sees the volume (queue files under incoming, active, deferred and hold).</summary>
    public int QueuedCount() => QueueFiles().Count();

    /// <summary>
    /// The complete messages (0700, see <see cref="LabMail.CompleteQueuedCount"/>) still queued once the queue has drained,
    /// waiting up to <paramref name="within"/>: a message is in the mailbox a moment before its queue file goes, so a count
    /// read at once can see it (a loaded CI once did).
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task<int> DrainedQueueCountAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (CompleteQueuedCount() > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100).ConfigureAwait(false);
        }

        return CompleteQueuedCount();
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private int CompleteQueuedCount() => QueueFiles().Count(f => File.GetUnixFileMode(f).HasFlag(UnixFileMode.UserExecute));

    private IEnumerable<string> QueueFiles()
    {
        var queue = Path.Combine(ObserverDirectory, Path.GetRelativePath(_mail.Volume.Path, _mail.QueueDirectory));
        return ((string[])["incoming", "active", "deferred", "hold"])
            .Select(q => Path.Combine(queue, q))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories));
    }

    /// <summary>
    /// <paramref name="clusterFile"/> (a <see cref="LabCluster"/>'s, built-in kinds) with the address, the volume and the
    /// service given to ClusterLabs' agents; throws when one of those resources is not where it is expected.
    /// </summary>
    public string Rewrite(string clusterFile, LabCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(clusterFile);
        ArgumentNullException.ThrowIfNull(cluster);
        if (Path.Combine(cluster.NodeDirectory, "conf") != ConfigDirectoryOf(_mail))
        {
            throw new InvalidOperationException($"the cluster's Postfix directory {cluster.NodeDirectory}/conf is not the one in alternate_config_directories, {ConfigDirectoryOf(_mail)}");
        }

        var text = Replace(
            clusterFile,
            @"^(?<i> +)command: .*\n +args: .*\n +pidfile: .*$",
            i => $"{i}script: ocf:heartbeat:postfix\n{i}params: {{binary: {LabTools.Find("postfix")}, config_dir: {Path.Combine(cluster.NodeDirectory, "conf")}}}");
        text = Replace(
            text,
            $@"^(?<i> +)directory: {Regex.Escape(_mail.Volume.Path)}$",
            i => $"{i}script: ocf:heartbeat:Filesystem\n{i}params: {{device: {Device}, directory: {_mail.Volume.Path}, fstype: ext4}}");
        return Replace(
            text,
            $@"^(?<i> +)address: {Regex.Escape(_mail.Address.ToString())}/24\n +interface: {LabNetwork.Interface}$",
            i => $"{i}address: {_mail.Address}/24\n{i}script: ocf:heartbeat:IPaddr2\n{i}params: {{ip: {_mail.Address}, cidr_netmask: 24, nic: {LabNetwork.Interface}}}");
    }

    /// <summary>
    /// The lab's teardown of what <see cref="PrepareAsync"/> made, once every process of the lab is dead: unmounts what is
    /// mounted under its work directory, detaches the loop devices over its files, puts the system main.cf back.
    /// </summary>
    internal static async Task ReleaseAsync(string prefix, List<string> errors)
    {
        var work = LabTeardown.WorkDirectoryOf(prefix);
        var mounts = await LabCommand.RunAsync("findmnt", ["-rn", "-o", "TARGET"], ToolTimeout).ConfigureAwait(false);
        foreach (var target in mounts.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(t => t.StartsWith(work + "/", StringComparison.Ordinal)))
        {
            var unmounted = await LabCommand.RunAsync("umount", [target], ToolTimeout).ConfigureAwait(false);
            if (unmounted.ExitCode != 0)
            {
                errors.Add($"umount {target}: {unmounted.Output.Trim()}");
            }
        }

        var loops = await LabCommand.RunAsync("losetup", ["-l", "-n", "-O", "NAME,BACK-FILE"], ToolTimeout).ConfigureAwait(false);
        foreach (var line in loops.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && parts[1].StartsWith(work + "/", StringComparison.Ordinal))
            {
                var detached = await LabCommand.RunAsync("losetup", ["-d", parts[0]], ToolTimeout).ConfigureAwait(false);
                if (detached.ExitCode != 0)
                {
                    errors.Add($"losetup -d {parts[0]}: {detached.Output.Trim()}");
                }
            }
        }

        var backup = BackupOf(prefix);
        if (File.Exists(backup))
        {
            var kept = await File.ReadAllTextAsync(backup).ConfigureAwait(false);
            if (kept.StartsWith(Marker, StringComparison.Ordinal))
            {
                File.Delete(SystemMainCf);
            }
            else
            {
                File.Copy(backup, SystemMainCf, overwrite: true);
            }

            File.Delete(backup);
        }
    }

    // As LabCluster.NodeDirectory: the one path where each node's agent binds its own Postfix instance's directory.
    private static string ConfigDirectoryOf(LabMail mail) => Path.Combine(Path.GetDirectoryName(mail.NodeDirectory(LabNode.Node1))!, "this-node", "conf");

    private static string BackupOf(string prefix) => SystemMainCf + ".before-" + prefix;

    private static string Replace(string text, string pattern, Func<string, string> replacement)
    {
        var regex = new Regex(pattern, RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (regex.Matches(text).Count != 1)
        {
            throw new InvalidOperationException($"the lab's cluster file has not exactly one match of {pattern}:\n{text}");
        }

        return regex.Replace(text, m => replacement(m.Groups["i"].Value));
    }

    private static async Task<LabExecResult> RequireAsync(LabNetwork lab, string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await LabCommand.RunAsync(program, arguments, ToolTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        lab.Record(string.Create(CultureInfo.InvariantCulture, $"$ {program} {string.Join(' ', arguments)}: exit {result.ExitCode}"));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Output.Trim()}");
        }

        return result;
    }
}
