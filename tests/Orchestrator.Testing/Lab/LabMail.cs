using System.Diagnostics;
using System.Net;

namespace Orchestrator.Testing.Lab;

/// <summary>
/// The lab's protected mail server (issue 14): Postfix, one instance per node, each with a configuration directory of
/// its own on that node (<see cref="ConfigDirectory"/>), listening on the switchable mail address
/// <see cref="Address"/> only, its queue (<see cref="QueueDirectory"/>) and the mailbox of <see cref="Recipient"/>
/// (<see cref="MailboxDirectory"/>, a Maildir) on the <see cref="Volume"/> that moves between nodes. What a node does
/// to take the service is <see cref="BringUpAsync"/> (volume, address with a gratuitous ARP, DNS record, Postfix), and
/// to give it up <see cref="TakeDownAsync"/>: by hand for now, as the orchestrator's resource kinds will. The service's
/// own command lines are <see cref="ServiceCommand"/>'s. Postfix's processes live in the node's namespace: the lab's
/// teardown kills them with it.
/// </summary>
public sealed class LabMail
{
    /// <summary>The one mailbox: its address.</summary>
    public const string Recipient = "inbox@" + LabDns.MailName;

    /// <summary>The mailbox's Maildir, under the volume's mail directory.</summary>
    public const string MailboxName = "inbox";

    /// <summary>The last octet of the switchable mail address in the lab's /24.</summary>
    public const byte AddressHost = 25;

    private static readonly TimeSpan ServiceTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(10);
    private readonly LabNetwork _lab;
    private readonly LabDns _dns;
    private readonly string _root;
    private readonly bool _onNodeAddresses;

    private LabMail(LabNetwork lab, LabDns dns, LabVolume volume, string root, bool onNodeAddresses)
    {
        _onNodeAddresses = onNodeAddresses;
        _lab = lab;
        _dns = dns;
        Volume = volume;
        _root = root;
    }

    /// <summary>Why Postfix cannot run here: the lab's DNS's reason, or Postfix or arping missing.</summary>
    public static string? MissingReason =>
        LabDns.MissingReason ?? LabTools.Missing(("postfix", "postfix"), ("postconf", "postfix"), ("arping", "arping"));

    /// <summary>The switchable mail address, which <see cref="LabDns.MailName"/> names.</summary>
    public IPAddress Address => _lab.SwitchableAddress(AddressHost);

    /// <summary>The volume that holds the queue and the mailbox.</summary>
    public LabVolume Volume { get; }

    /// <summary>Postfix's queue directory, on the volume.</summary>
    public string QueueDirectory => Path.Combine(Volume.Path, "postfix");

    /// <summary>The Maildir of <see cref="Recipient"/>, on the volume.</summary>
    public string MailboxDirectory => Path.Combine(Volume.Path, "mail", MailboxName);

    /// <summary>The node the service was last brought up on (and not taken down since), or null.</summary>
    public string? InService { get; private set; }

    /// <summary>The configuration directory of <paramref name="node"/>'s instance: main.cf, master.cf, the mailbox map.</summary>
    public string ConfigDirectory(string node) => Path.Combine(_root, node, "conf");

    /// <summary>Everything of <paramref name="node"/>'s instance: its configuration (conf) and data (data) directories.</summary>
    public string NodeDirectory(string node) => Path.Combine(_root, node);

    /// <summary>Postfix's log on <paramref name="node"/> (postlogd writes it: there is no syslog in a namespace).</summary>
    public string LogFile(string node) => Path.Combine(_root, node, "data", "maillog");

    /// <summary>
    /// The command line of the service on <paramref name="node"/>, run in its namespace: <c>postfix -c DIR start</c>,
    /// <c>stop</c> (waits up to 5 s for the master to exit, then forces it) or <c>status</c> (exit 0: running, 1: not).
    /// What a <c>service</c> resource, or the OCF <c>postfix</c> agent with <c>config_dir</c> = DIR, runs.
    /// </summary>
    public IReadOnlyList<string> ServiceCommand(string node, string verb) => [LabTools.Find("postfix")!, "-c", ConfigDirectory(node), verb];

    /// <summary>
    /// Writes an instance's configuration for each of <paramref name="nodes"/> (node1 and node2 unless given) and
    /// creates the volume with the mailbox; starts nothing. With <paramref name="onNodeAddresses"/> each instance also
    /// listens on its node's own address: the orchestrator's DNS resource points the mail name at the node in service
    /// (the reference's DNS kit), not at the switchable address.
    /// </summary>
    public static async Task<LabMail> CreateAsync(
        LabNetwork lab, LabDns dns, IReadOnlyList<string>? nodes = null, bool onNodeAddresses = false, CancellationToken cancellationToken = default)
    {
        if (MissingReason is { } missing)
        {
            throw new InvalidOperationException(missing);
        }

        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the lab needs Linux");
        }

        // virtual(8) delivers as nobody and postfix's daemons run as postfix: they must get through the lab's 0700 work
        // directory to the volume (search only, no listing; the DNS key stays in its own 0700 directory).
        File.SetUnixFileMode(lab.WorkDirectory, File.GetUnixFileMode(lab.WorkDirectory) | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var root = Path.Combine(lab.WorkDirectory, "mail");
        Directory.CreateDirectory(root);
        var mail = new LabMail(lab, dns, LabVolume.Create(lab, "mail"), root, onNodeAddresses);
        File.SetUnixFileMode(Path.GetDirectoryName(mail.Volume.Path)!, ReadableDirectory);
        File.SetUnixFileMode(mail.Volume.Path, ReadableDirectory);
        Directory.CreateDirectory(mail.QueueDirectory);
        foreach (var sub in (string[])["", "new", "cur", "tmp"])
        {
            var directory = Path.Combine(mail.MailboxDirectory, sub);
            Directory.CreateDirectory(directory);
            await ChownAsync(LabPostfixConfig.MailboxOwner.ToString(System.Globalization.CultureInfo.InvariantCulture), directory, cancellationToken).ConfigureAwait(false);
        }

        await ChownAsync(LabPostfixConfig.MailboxOwner.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.GetDirectoryName(mail.MailboxDirectory)!, cancellationToken)
            .ConfigureAwait(false);
        foreach (var node in nodes ?? [LabNode.Node1, LabNode.Node2])
        {
            await mail.ConfigureAsync(node, cancellationToken).ConfigureAwait(false);
        }

        return mail;
    }

    /// <summary>
    /// Takes the service on <paramref name="node"/>: the volume, the address (<c>ip addr add</c> and a gratuitous ARP),
    /// the DNS record of <see cref="LabDns.MailName"/> (sent from the node, signed), then Postfix. Returns how long it took.
    /// </summary>
    public async Task<TimeSpan> BringUpAsync(string node, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        Volume.Acquire(node);
        await RequireAsync(node, ["ip", "addr", "add", $"{Address}/24", "dev", LabNetwork.Interface], cancellationToken).ConfigureAwait(false);
        var arp = await _lab.ExecAsync(
            node, ["arping", "-q", "-U", "-c", "1", "-w", "0", "-i", LabNetwork.Interface, "-S", Address.ToString(), Address.ToString()], ToolTimeout, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (arp.ExitCode > 1) // 1: no answer, as expected of an unsolicited ARP
        {
            throw new InvalidOperationException($"arping on {node} failed ({arp.ExitCode}): {arp.Output.Trim()}");
        }

        var update = await _dns.UpdateAAsync(LabDns.MailName, Address, node, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (update.ExitCode != 0)
        {
            throw new InvalidOperationException($"nsupdate from {node} failed ({update.ExitCode}): {update.Output.Trim()}");
        }

        await RequireAsync(node, ServiceCommand(node, "start"), cancellationToken).ConfigureAwait(false);
        InService = node;
        _lab.Record($"mail in service on {node} ({clock.Elapsed.TotalMilliseconds:0} ms)");
        return clock.Elapsed;
    }

    /// <summary>Gives the service up on <paramref name="node"/>: Postfix stopped, the address deleted, the volume released. Returns how long it took.</summary>
    public async Task<TimeSpan> TakeDownAsync(string node, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        await RequireAsync(node, ServiceCommand(node, "stop"), cancellationToken).ConfigureAwait(false);
        await RequireAsync(node, ["ip", "addr", "del", $"{Address}/24", "dev", LabNetwork.Interface], cancellationToken).ConfigureAwait(false);
        Volume.Release(node);
        InService = null;
        _lab.Record($"mail out of service on {node} ({clock.Elapsed.TotalMilliseconds:0} ms)");
        return clock.Elapsed;
    }

    /// <summary>Whether Postfix runs on <paramref name="node"/> (<c>postfix status</c>).</summary>
    public async Task<bool> IsRunningAsync(string node, CancellationToken cancellationToken = default) =>
        (await _lab.ExecAsync(node, ServiceCommand(node, "status"), ToolTimeout, cancellationToken: cancellationToken).ConfigureAwait(false)).ExitCode == 0;

    /// <summary>
    /// Holds delivery on <paramref name="node"/> (its <c>defer_transports</c> = virtual, reloaded): what it accepts from
    /// now on stays in the queue on the volume, for whoever runs Postfix next over it.
    /// </summary>
    public async Task DeferDeliveryAsync(string node, CancellationToken cancellationToken = default)
    {
        await RequireAsync(node, [LabTools.Find("postconf")!, "-c", ConfigDirectory(node), "-e", "defer_transports = virtual"], cancellationToken).ConfigureAwait(false);
        await RequireAsync(node, ServiceCommand(node, "reload"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The messages in the queue on the volume (queue files under incoming, active, deferred and hold).</summary>
    public int QueuedCount() => QueueFiles().Count();

    /// <summary>
    /// The messages Postfix finished taking in and has not delivered: cleanup(8) creates a queue file 0600 and marks it
    /// complete (0700, the owner's execute bit) once the message is safely in; a file a killed Postfix was still writing —
    /// its client never got a 250 — stays 0600, and the queue manager never picks it up.
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public int CompleteQueuedCount() => QueueFiles().Count(f => File.GetUnixFileMode(f).HasFlag(UnixFileMode.UserExecute));

    /// <summary>
    /// The complete messages still queued once the queue has drained, waiting up to <paramref name="within"/>: a message is
    /// in the mailbox a moment before the queue manager removes its queue file, so a count read at once can see it.
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

    /// <summary>The queue files on the volume that are not complete messages (see <see cref="CompleteQueuedCount"/>), described.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public IReadOnlyList<string> IncompleteQueueFiles() =>
        [.. QueueFiles().Where(f => !File.GetUnixFileMode(f).HasFlag(UnixFileMode.UserExecute))
            .Select(f => $"{Path.GetRelativePath(QueueDirectory, f)} ({new FileInfo(f).Length} bytes, mode {File.GetUnixFileMode(f)}, written {File.GetLastWriteTimeUtc(f):HH:mm:ss.fff})")];

    private IEnumerable<string> QueueFiles() =>
        ((string[])["incoming", "active", "deferred", "hold"])
        .Select(q => Path.Combine(QueueDirectory, q))
        .Where(Directory.Exists)
        .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories));

    private static UnixFileMode ReadableDirectory =>
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private async Task ConfigureAsync(string node, CancellationToken cancellationToken)
    {
        var config = ConfigDirectory(node);
        var data = Path.GetDirectoryName(LogFile(node))!;
        Directory.CreateDirectory(config);
        Directory.CreateDirectory(data);
        File.SetUnixFileMode(Path.Combine(_root, node), ReadableDirectory);
        File.SetUnixFileMode(_root, ReadableDirectory);
        var main = LabPostfixConfig.MainCf(node, Address, config, data, QueueDirectory, Path.GetDirectoryName(MailboxDirectory)!,
            _onNodeAddresses ? _lab.Address(node) : null);
        await File.WriteAllTextAsync(Path.Combine(config, "main.cf"), main, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(config, "master.cf"), LabPostfixConfig.MasterCf, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(config, "mailboxes"), LabPostfixConfig.Mailboxes, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(LogFile(node), "", cancellationToken).ConfigureAwait(false);
        await ChownAsync("postfix:postfix", data, cancellationToken).ConfigureAwait(false);
        await ChownAsync("postfix:postfix", LogFile(node), cancellationToken).ConfigureAwait(false);
        _lab.Record($"postfix for {node}: {config}");
    }

    private async Task RequireAsync(string node, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var result = await _lab.ExecAsync(node, command, ServiceTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            var log = File.Exists(LogFile(node)) ? string.Join(" | ", File.ReadAllLines(LogFile(node)).TakeLast(5)) : "(none)";
            throw new InvalidOperationException($"{string.Join(' ', command)} on {node} failed ({result.ExitCode}): {result.Output.Trim()}; postfix's log: {log}");
        }
    }

    private static async Task ChownAsync(string owner, string path, CancellationToken cancellationToken)
    {
        var result = await LabCommand.RunAsync("chown", [owner, path], ToolTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown {owner} {path} failed: {result.Output.Trim()}");
        }
    }
}
