using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Orchestrator.Testing.Lab;

/// <summary>
/// A lab of network namespaces (issue 14): node1, node2, node3, dns and client, named <c>orl-XXXXXX-node1</c> and so on
/// with a prefix of their own, each with loopback up and one veth (<c>lab0</c>) on a Linux bridge that lives in a sixth
/// namespace (<c>orl-XXXXXX-bridge</c>) — nothing is added to the host's own namespace. Each lab has a /24 of
/// 198.18.0.0/15 that no other live lab has, and no route beyond it (no default route anywhere): no traffic leaves.
/// <see cref="ExecAsync"/> runs a command in a machine's namespace within a time limit; <see cref="DisposeAsync"/>
/// kills every process left in the namespaces and deletes them with their links. A lab whose test process was killed
/// is torn down by the next lab to start (<see cref="LabRegistry"/>). Needs root and a working <c>ip netns</c>: when
/// missing, <see cref="MissingReason"/> says why, and the lab tests are reported skipped with it.
/// </summary>
public sealed class LabNetwork : IAsyncDisposable
{
    /// <summary>The namespace that holds the bridge (not a machine: it has no address).</summary>
    public const string BridgeMachine = "bridge";

    /// <summary>The machine's interface on the lab network, in every machine's namespace.</summary>
    public const string Interface = "lab0";

    /// <summary>The bridge, in the bridge's namespace.</summary>
    internal const string Bridge = "lab";
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    internal static readonly TimeSpan SetupStepTimeout = TimeSpan.FromSeconds(10);
    private static readonly Lazy<string?> Missing = new(FindMissing);

    private readonly int _subnet;
    private readonly Lock _gate = new();
    private readonly StringBuilder _transcript = new();
    private readonly List<Process> _started = [];
    private bool _disposed;

    private LabNetwork(LabRegistry.Entry entry)
    {
        Prefix = entry.Prefix;
        _subnet = entry.Subnet;
        WorkDirectory = LabTeardown.WorkDirectoryOf(Prefix);
    }

    /// <summary>Why no lab can run here (not root, no <c>ip</c>, <c>ip netns add</c> refused), or null when one can.</summary>
    public static string? MissingReason => Missing.Value;

    /// <summary>This lab's name prefix (<c>orl-</c> and 6 hex digits): its namespaces are named PREFIX-MACHINE.</summary>
    public string Prefix { get; }

    /// <summary>This lab's /24, e.g. 198.18.7.0/24.</summary>
    public string Subnet => $"{Address(0)}/24";

    /// <summary>A directory of this lab's own (mode 0700), deleted with it: configurations, keys, logs.</summary>
    public string WorkDirectory { get; }

    /// <summary>How long creating the namespaces, links and addresses took (with the tear-down of stale labs).</summary>
    public TimeSpan SetupTime { get; private set; }

    /// <summary>How long <see cref="DisposeAsync"/> took.</summary>
    public TimeSpan TeardownTime { get; private set; }

    /// <summary>Every command the lab ran and everything it captured from them, for a failing test's output.</summary>
    public string Transcript
    {
        get
        {
            lock (_gate)
            {
                return _transcript.ToString();
            }
        }
    }

    /// <summary>Creates a lab (first tearing down any lab whose owner process is dead).</summary>
    public static Task<LabNetwork> CreateAsync(CancellationToken cancellationToken = default) => CreateAsync(LabOwner.Current, cancellationToken);

    /// <summary>The namespace of <paramref name="machine"/> (one of <see cref="LabNode.All"/>, or <see cref="BridgeMachine"/>).</summary>
    public string Namespace(string machine) => $"{Prefix}-{machine}";

    /// <summary>The lab address of <paramref name="node"/> (one of <see cref="LabNode.All"/>).</summary>
    public IPAddress Address(string node) => Address(LabNode.Host(node));

    /// <summary>
    /// An address of the lab's /24 that belongs to no machine: a switchable address that a node brings up on its
    /// <see cref="Interface"/> (<paramref name="host"/>, its last octet, is none of <see cref="LabNode.Host"/>'s).
    /// </summary>
    public IPAddress SwitchableAddress(byte host)
    {
        if (host is 0 or 255 || LabNode.All.Any(m => LabNode.Host(m) == host))
        {
            throw new ArgumentException($"{host} is a lab machine's host (or no host at all): pick another last octet", nameof(host));
        }

        return Address(host);
    }

    /// <summary>
    /// Makes <paramref name="server"/> the name server of every machine: <c>/etc/netns/NAMESPACE/resolv.conf</c>, which
    /// <c>ip netns exec</c> binds over /etc/resolv.conf for what it runs there (deleted with the lab).
    /// </summary>
    public void UseNameServer(IPAddress server, string searchDomain)
    {
        foreach (var machine in LabNode.All)
        {
            var directory = LabTeardown.NetnsEtcOf(Namespace(machine));
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "resolv.conf"), $"nameserver {server}\nsearch {searchDomain}\noptions timeout:1 attempts:2\n");
        }

        Record($"name server of every machine: {server} (/etc/netns/{Prefix}-*/resolv.conf)");
    }

    /// <summary>
    /// Runs <paramref name="command"/> in <paramref name="node"/>'s namespace (<c>ip netns exec</c>) to its end, with
    /// <paramref name="input"/> on its standard input; killed, and a <see cref="TimeoutException"/> thrown, when it runs
    /// past <paramref name="timeout"/> (10 s unless given).
    /// </summary>
    public async Task<LabExecResult> ExecAsync(
        string node, IReadOnlyList<string> command, TimeSpan? timeout = null, string? input = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Record($"[{node}] $ {string.Join(' ', command)}");
        LabExecResult result;
        try
        {
            result = await LabCommand.RunAsync("ip", ["netns", "exec", Namespace(node), .. command], timeout ?? DefaultTimeout, input, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            Record($"[{node}] {e.Message}");
            throw;
        }

        Record($"[{node}] exit {result.ExitCode}{Indented(result.StandardOutput)}{Indented(result.StandardError)}");
        return result;
    }

    /// <summary>
    /// Starts <paramref name="command"/> in <paramref name="node"/>'s namespace and leaves it running (a server); what it
    /// writes goes to the <see cref="Transcript"/>. Killed by <see cref="DisposeAsync"/> at the latest.
    /// </summary>
    public Process Start(string node, IReadOnlyList<string> command)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var start = new ProcessStartInfo(LabTools.Find("ip") ?? "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["netns", "exec", Namespace(node), .. command])
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["LC_ALL"] = "C";
        Record($"[{node}] $ {string.Join(' ', command)} &");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command[0]} in {Namespace(node)}");
        var name = Path.GetFileName(command[0]);
        process.OutputDataReceived += (_, e) => RecordLine(node, name, e.Data);
        process.ErrorDataReceived += (_, e) => RecordLine(node, name, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_gate)
        {
            _started.Add(process);
        }

        return process;
    }

    /// <summary>Kills every process left in the lab's namespaces, deletes its links, namespaces and directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var clock = Stopwatch.StartNew();
        var errors = new List<string>();
        await LabTeardown.TearDownAsync(Prefix, errors).ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var process in _started)
            {
                process.Dispose();
            }
        }

        if (errors.Count == 0)
        {
            LabRegistry.Remove(Prefix);
        }

        TeardownTime = clock.Elapsed;
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"lab {Prefix} not fully torn down (the next lab retries): {string.Join("; ", errors)}");
        }
    }

    internal static async Task<LabNetwork> CreateAsync(LabOwner owner, CancellationToken cancellationToken)
    {
        if (MissingReason is { } missing)
        {
            throw new InvalidOperationException(missing);
        }

        var clock = Stopwatch.StartNew();
        var entry = await LabRegistry.LockedAsync(
            async entries =>
            {
                var live = await LabTeardown.RemoveStaleAsync(entries).ConfigureAwait(false);
                return LabRegistry.Add(live, owner);
            },
            cancellationToken).ConfigureAwait(false);
        var lab = new LabNetwork(entry);
        try
        {
            await lab.BuildAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await lab.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        lab.SetupTime = clock.Elapsed;
        return lab;
    }

    private IPAddress Address(byte host) =>
        new([198, (byte)(18 + (_subnet / 256)), (byte)(_subnet % 256), host]);

    private async Task BuildAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the lab needs Linux (network namespaces)");
        }

        Directory.CreateDirectory(WorkDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var bridge = Namespace(BridgeMachine);
        await IpAsync(cancellationToken, "netns", "add", bridge).ConfigureAwait(false);
        await IpAsync(cancellationToken, "-n", bridge, "link", "set", "lo", "up").ConfigureAwait(false);
        await IpAsync(cancellationToken, "-n", bridge, "link", "add", Bridge, "type", "bridge").ConfigureAwait(false);
        await IpAsync(cancellationToken, "-n", bridge, "link", "set", Bridge, "up").ConfigureAwait(false);
        foreach (var node in LabNode.All)
        {
            var ns = Namespace(node);
            await IpAsync(cancellationToken, "netns", "add", ns).ConfigureAwait(false);
            await IpAsync(cancellationToken, "-n", ns, "link", "set", "lo", "up").ConfigureAwait(false);
            await IpAsync(cancellationToken, "-n", bridge, "link", "add", node, "type", "veth", "peer", "name", Interface, "netns", ns).ConfigureAwait(false);
            await IpAsync(cancellationToken, "-n", bridge, "link", "set", node, "master", Bridge, "up").ConfigureAwait(false);
            await IpAsync(cancellationToken, "-n", ns, "addr", "add", $"{Address(node)}/24", "dev", Interface).ConfigureAwait(false);
            await IpAsync(cancellationToken, "-n", ns, "link", "set", Interface, "up").ConfigureAwait(false);
        }
    }

    private async Task IpAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var result = await LabCommand.RunAsync("ip", arguments, SetupStepTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        Record($"$ ip {string.Join(' ', arguments)}{Indented(result.Output)}");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Output.Trim()}");
        }
    }

    /// <summary>Adds a line of the caller's to the <see cref="Transcript"/>.</summary>
    internal void Record(string text)
    {
        lock (_gate)
        {
            _transcript.Append(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss.fff} {text}").AppendLine();
        }
    }

    private void RecordLine(string node, string program, string? line)
    {
        if (line is not null)
        {
            Record($"[{node} {program}] {line}");
        }
    }

    private static string Indented(string text) =>
        string.IsNullOrWhiteSpace(text) ? "" : "\n    " + text.TrimEnd().Replace("\n", "\n    ", StringComparison.Ordinal);

    private static string? FindMissing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the lab needs Linux (network namespaces)";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "the lab needs root (it creates network namespaces): run the lab tests as root, as .ci/run does";
        }

        if (LabTools.Missing(("ip", "iproute2")) is { } tools)
        {
            return tools;
        }

        var probe = $"orlprobe-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}";
        var added = LabCommand.RunAsync("ip", ["netns", "add", probe], SetupStepTimeout).GetAwaiter().GetResult();
        if (added.ExitCode != 0)
        {
            return $"`ip netns add` failed here ({added.Output.Trim()}): the lab needs network namespaces";
        }

        LabCommand.RunAsync("ip", ["netns", "del", probe], SetupStepTimeout).GetAwaiter().GetResult();
        return null;
    }
}
