using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Orchestrator.Testing.Lab;

/// <summary>
/// BIND9 in a lab's dns namespace (issue 14): <c>named -f</c>, run as root (nothing of the host is reachable from the
/// namespace, and its files stay in a 0700 directory of the lab's), listening only on the dns machine's lab address,
/// its configuration, zone and journal in the lab's work directory. It serves the zone <see cref="Zone"/> with
/// <see cref="MailName"/> → node1's address, and accepts dynamic updates only when signed with a TSIG key generated
/// for this instance (<c>tsig-keygen</c>, straight into a file of mode 0600: the secret goes through no captured output).
/// <see cref="UpdateAAsync"/> sends one through <c>nsupdate -k</c> from a lab machine; <see cref="ResolveAsync"/> asks
/// with <c>dig</c>. Once it answers, it is every lab machine's name server (<see cref="LabNetwork.UseNameServer"/>:
/// a program's own resolver finds <see cref="MailName"/> there). Stopped by <see cref="DisposeAsync"/> (and killed with the lab's namespaces anyway).
/// </summary>
public sealed class LabDns : IAsyncDisposable
{
    public const string Zone = "lab.test";
    public const string MailName = "mail.lab.test";
    public const string KeyName = "lab-update";

    private const int Ttl = 5;
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(10);

    private readonly LabNetwork _lab;
    private readonly Process _named;

    private LabDns(LabNetwork lab, string directory, Process named)
    {
        _lab = lab;
        Directory = directory;
        _named = named;
    }

    /// <summary>Why BIND9 cannot run here: the lab's own reason, or its programs missing.</summary>
    public static string? MissingReason =>
        LabNetwork.MissingReason
        ?? LabTools.Missing(("named", "bind9"), ("tsig-keygen", "bind9"), ("nsupdate", "bind9-dnsutils"), ("dig", "bind9-dnsutils"));

    /// <summary>named's directory: named.conf, the zone file and its journal, named.log, the key file.</summary>
    public string Directory { get; }

    /// <summary>The server's address (the dns machine's).</summary>
    public IPAddress Address => _lab.Address(LabNode.Dns);

    /// <summary>The file of the update key (mode 0600), as <c>nsupdate -k</c> reads it.</summary>
    public string KeyFile => Path.Combine(Directory, "update.key");

    /// <summary>named's configuration file (its command line names it: how to find this instance's named).</summary>
    public string ConfigFile => Path.Combine(Directory, "named.conf");

    /// <summary>named's own log file.</summary>
    public string LogFile => Path.Combine(Directory, "named.log");

    /// <summary>The pid of named (<c>ip netns exec</c> execs it in place).</summary>
    public int ProcessId => _named.Id;

    /// <summary>From the start of named to its first right answer.</summary>
    public TimeSpan StartTime { get; private set; }

    /// <summary>Starts named in <paramref name="lab"/>'s dns namespace; returns once it answers for <see cref="MailName"/>.</summary>
    public static async Task<LabDns> StartAsync(LabNetwork lab, CancellationToken cancellationToken = default)
    {
        if (MissingReason is { } missing)
        {
            throw new InvalidOperationException(missing);
        }

        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the lab needs Linux");
        }

        var directory = Path.Combine(lab.WorkDirectory, "dns");
        System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var keyFile = Path.Combine(directory, "update.key");
        await GenerateKeyAsync(lab, keyFile, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "lab.test.zone"), ZoneFile(lab), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "named.conf"), NamedConf(directory, lab.Address(LabNode.Dns)), cancellationToken)
            .ConfigureAwait(false);

        var clock = Stopwatch.StartNew();
        var named = lab.Start(LabNode.Dns, [LabTools.Find("named")!, "-f", "-4", "-n", "1", "-c", Path.Combine(directory, "named.conf")]);
        var dns = new LabDns(lab, directory, named);
        try
        {
            await dns.WaitForAnswerAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await dns.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        dns.StartTime = clock.Elapsed;
        lab.UseNameServer(dns.Address, Zone);
        return dns;
    }

    /// <summary>
    /// Generates another key of the same name (<see cref="KeyName"/>) with a secret of its own, in a 0600 file beside
    /// the real one: what an update signed by someone without the server's key looks like. Returns its path.
    /// </summary>
    public async Task<string> CreateForeignKeyAsync(CancellationToken cancellationToken = default)
    {
        var file = Path.Combine(Directory, "foreign.key");
        await GenerateKeyAsync(_lab, file, cancellationToken).ConfigureAwait(false);
        return file;
    }

    /// <summary>
    /// Replaces the A records of <paramref name="name"/> by <paramref name="address"/>: <c>nsupdate -k</c> run in
    /// <paramref name="fromNode"/>'s namespace, signed with <paramref name="keyFile"/> (the server's key unless given).
    /// Its result says whether the server took it (exit 0) or refused it.
    /// </summary>
    public Task<LabExecResult> UpdateAAsync(
        string name, IPAddress address, string fromNode = LabNode.Client, string? keyFile = null, CancellationToken cancellationToken = default)
    {
        var fqdn = name.EndsWith('.') ? name : name + ".";
        var script = string.Create(
            CultureInfo.InvariantCulture,
            $"server {Address} 53\nzone {Zone}.\nupdate delete {fqdn} A\nupdate add {fqdn} {Ttl} A {address}\nsend\n");
        return _lab.ExecAsync(fromNode, ["nsupdate", "-t", "5", "-k", keyFile ?? KeyFile], ToolTimeout, script, cancellationToken);
    }

    /// <summary>The A records of <paramref name="name"/>, asked from <paramref name="fromNode"/>'s namespace (<c>dig +short</c>).</summary>
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string fromNode, string name, CancellationToken cancellationToken = default)
    {
        var result = await _lab.ExecAsync(fromNode, ["dig", "+short", "+time=1", "+tries=2", $"@{Address}", name, "A"], ToolTimeout, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"dig @{Address} {name} from {fromNode} failed ({result.ExitCode}): {result.Output.Trim()}");
        }

        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(IPAddress.Parse)
            .ToList();
    }

    /// <summary>Stops named (SIGKILL: nothing of it is kept) and waits, bounded, for it to be gone.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_named.HasExited)
        {
            _named.Kill(entireProcessTree: true);
        }

        try
        {
            await _named.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _lab.Record($"named (pid {_named.Id}) still running 5 s after SIGKILL: the lab's teardown kills it");
        }
    }

    private async Task WaitForAnswerAsync(CancellationToken cancellationToken)
    {
        var expected = _lab.Address(LabNode.Node1).ToString();
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < ReadyWithin)
        {
            if (_named.HasExited)
            {
                throw new InvalidOperationException($"named exited ({_named.ExitCode}) before answering; its log: {Tail(LogFile)}");
            }

            var answer = await _lab.ExecAsync(LabNode.Dns, ["dig", "+short", "+time=1", "+tries=1", $"@{Address}", MailName, "A"], ToolTimeout, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            last = answer.Output.Trim();
            if (answer.ExitCode == 0 && last == expected)
            {
                return;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"named did not answer {MailName} = {expected} within {ReadyWithin.TotalSeconds:0} s (last: {last}); its log: {Tail(LogFile)}");
    }

    private static async Task GenerateKeyAsync(LabNetwork lab, string file, CancellationToken cancellationToken)
    {
        // Straight into the file under umask 077: the secret passes through no pipe of ours, no log, no transcript.
        var keygen = LabTools.Find("tsig-keygen")!;
        var result = await LabCommand.RunAsync(
            "sh", ["-c", "umask 077 && exec \"$0\" -a hmac-sha256 \"$1\" > \"$2\"", keygen, KeyName, file], ToolTimeout, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"tsig-keygen failed ({result.ExitCode}): {result.StandardError.Trim()}");
        }

        lab.Record($"tsig-keygen -a hmac-sha256 {KeyName} > {file} (mode 0600)");
    }

    private static string ZoneFile(LabNetwork lab) => string.Create(
        CultureInfo.InvariantCulture,
        $"""
         $TTL {Ttl}
         @    IN SOA ns.{Zone}. hostmaster.{Zone}. 1 60 60 600 {Ttl}
         @    IN NS  ns.{Zone}.
         ns   IN A   {lab.Address(LabNode.Dns)}
         mail IN A   {lab.Address(LabNode.Node1)}

         """);

    private static string NamedConf(string directory, IPAddress address) =>
        $$"""
          include "{{directory}}/update.key";
          options {
              directory "{{directory}}";
              pid-file "{{directory}}/named.pid";
              session-keyfile "{{directory}}/session.key";
              managed-keys-directory "{{directory}}";
              listen-on port 53 { {{address}}; };
              listen-on-v6 { none; };
              recursion no;
              dnssec-validation no;
              allow-query { any; };
          };
          controls { };
          logging {
              channel lab { file "{{directory}}/named.log"; severity info; print-time yes; };
              category default { lab; };
          };
          zone "{{Zone}}" {
              type primary;
              file "{{directory}}/lab.test.zone";
              journal "{{directory}}/lab.test.zone.jnl";
              allow-update { key "{{KeyName}}"; };
          };

          """;

    private static string Tail(string file) =>
        File.Exists(file) ? string.Join(" | ", File.ReadAllLines(file).TakeLast(5)) : "(none)";
}
