using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Orchestrator.Testing.Lab;

/// <summary>
/// The lab driven by the orchestrator (issue 14): on top of a <see cref="LabNetwork"/>, its <see cref="LabDns"/> and its
/// <see cref="LabMail"/>, a real agent in each mail node's namespace (<c>orchestrator agent</c> on the node's lab
/// address, port <see cref="AgentPort"/>, with a token file of mode 0600), fence scripts (each kills every process of its
/// node's namespace and takes its link down), a cluster file for <c>environment: agents</c> (<see cref="LabClusterFile"/>)
/// applied with <c>cluster apply</c>, and <c>serve</c> in the client's namespace (not a mail node's), its data directory in
/// the lab's work directory. Every CLI command (<see cref="RunAsync"/>) runs there too, as a child process
/// (<c>ip netns exec … dotnet orchestrator.dll</c>): the orchestrator reaches the agents as it would over a real network.
/// Postfix's configuration directory differs per node; the cluster file names one path for all: each agent is started
/// with that path (<see cref="NodeDirectory"/>) bound to its own node's instance directory in its mount namespace (the one
/// <c>ip netns exec</c> gives it), which the supervised Postfix inherits — as each real node has its own /etc/postfix.
/// Everything runs in the lab's namespaces, so <see cref="LabNetwork.DisposeAsync"/> (and the dead-lab teardown) ends it
/// all; <see cref="DisposeAsync"/> stops serve and the agents first.
/// </summary>
public sealed class LabCluster : IAsyncDisposable
{
    /// <summary>The hierarchy of the lab's mail.</summary>
    public const string Hierarchy = "exch1";

    /// <summary>The port every agent listens on, on its node's lab address.</summary>
    public const int AgentPort = 7070;

    /// <summary>The machine where serve and the CLI run: on the lab's bridge, not a mail node.</summary>
    public const string OrchestratorMachine = LabNode.Client;

    private static readonly TimeSpan AgentReadyWithin = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan ServeReadyWithin = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(10);

    private readonly LabNetwork _lab;
    private readonly Dictionary<string, Process> _agents = new(StringComparer.Ordinal);
    private RunningOrchestrator? _serve;

    private LabCluster(LabNetwork lab, LabDns dns, LabMail mail, IReadOnlyList<string> nodes, string directory)
    {
        _lab = lab;
        Dns = dns;
        Mail = mail;
        Nodes = nodes;
        Directory = directory;
    }

    /// <summary>Why the lab cluster cannot run here: the lab mail's reason, or curl (the agents' health and ledger are read with it) missing.</summary>
    public static string? MissingReason => LabMail.MissingReason ?? LabTools.Missing(("curl", "curl"));

    /// <summary>The lab's DNS.</summary>
    public LabDns Dns { get; }

    /// <summary>The lab's mail (Postfix per node, its queue and mailbox on the volume).</summary>
    public LabMail Mail { get; }

    /// <summary>The cluster's nodes, each with an agent (node1 first: the primary).</summary>
    public IReadOnlyList<string> Nodes { get; }

    /// <summary>The harness's directory: token file, fence scripts, cluster file, the agents' and the orchestrator's data directories.</summary>
    public string Directory { get; }

    /// <summary>The orchestrator's data directory.</summary>
    public string DataDirectory => Path.Combine(Directory, "orchestrator");

    /// <summary>The cluster file applied.</summary>
    public string ClusterFile => Path.Combine(Directory, "cluster.yaml");

    /// <summary>The agents' token file (mode 0600).</summary>
    public string TokenFile => Path.Combine(Directory, "agent.token");

    /// <summary>The one path, on every node, of that node's Postfix instance directory (conf, data, the service's pid file).</summary>
    public string NodeDirectory => Path.Combine(Path.GetDirectoryName(Mail.NodeDirectory(LabNode.Node1))!, "this-node");

    /// <summary>ORCHESTRATOR_* knobs given to serve and every CLI command (e.g. a short claim lease).</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>serve, while it runs.</summary>
    public RunningOrchestrator? Serve => _serve;

    // Holds "Authorization: Bearer TOKEN" for curl's -H @FILE: the token is in no command line and no transcript.
    private string HeaderFile => Path.Combine(Directory, "agent.header");

    /// <summary>The fence script of <paramref name="node"/>.</summary>
    public string FenceScript(string node) => Path.Combine(Directory, $"fence-{node}");

    /// <summary>
    /// Writes the token, the fence scripts and the cluster file; starts an agent in each of <paramref name="nodes"/>'
    /// namespaces (node1 and node2 unless given) and waits for each to answer /v1/health; applies the cluster file.
    /// serve is not started (<see cref="StartServeAsync"/>). <paramref name="rewrite"/>, when given, changes the cluster
    /// file before it is written (e.g. <see cref="LabClusterLabs.Rewrite"/>: ClusterLabs' agents for the resources).
    /// </summary>
    public static async Task<LabCluster> StartAsync(
        LabNetwork lab, LabDns dns, LabMail mail, IReadOnlyList<string>? nodes = null, int monitorIntervalSeconds = 1, bool automaticFailover = true,
        IReadOnlyDictionary<string, string>? environment = null, Func<string, LabCluster, string>? rewrite = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lab);
        if (MissingReason is { } missing)
        {
            throw new InvalidOperationException(missing);
        }

        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the lab needs Linux");
        }

        var directory = Path.Combine(lab.WorkDirectory, "cluster");
        System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var cluster = new LabCluster(lab, dns, mail, nodes ?? [LabNode.Node1, LabNode.Node2], directory);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            cluster.Environment[key] = value;
        }

        try
        {
            await cluster.BuildAsync(monitorIntervalSeconds, automaticFailover, rewrite, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return cluster;
    }

    /// <summary>Runs a CLI command (<c>--data-dir</c> the orchestrator's) in <see cref="OrchestratorMachine"/>'s namespace, to its end.</summary>
    public async Task<ProcessResult> RunAsync(params string[] arguments)
    {
        _lab.Record($"[{OrchestratorMachine}] $ orchestrator {string.Join(' ', arguments)}");
        var result = await OrchestratorProcess.RunAsync(WithDataDir(arguments), Environment, launcher: Launcher).ConfigureAwait(false);
        _lab.Record($"[{OrchestratorMachine}] orchestrator exit {result.ExitCode} ({result.Elapsed.TotalMilliseconds:0} ms)");
        return result;
    }

    /// <summary>
    /// Starts serve in <see cref="OrchestratorMachine"/>'s namespace (dashboard on its loopback), with
    /// <paramref name="extraEnvironment"/> beside <see cref="Environment"/> for this serve only (e.g. a crash point), and
    /// waits until it says "serving".
    /// </summary>
    public async Task<RunningOrchestrator> StartServeAsync(IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        if (_serve is { HasExited: false })
        {
            throw new InvalidOperationException("serve already runs");
        }

        _serve?.Dispose();
        _lab.Record($"[{OrchestratorMachine}] $ orchestrator serve &");
        var environment = new Dictionary<string, string>(Environment, StringComparer.Ordinal);
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        _serve = OrchestratorProcess.Start(WithDataDir(["serve", "--listen", "127.0.0.1:0"]), environment, launcher: Launcher);
        if (!await _serve.WaitForOutputAsync("serving", ServeReadyWithin).ConfigureAwait(false))
        {
            var result = await _serve.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            throw new InvalidOperationException($"serve did not start within {ServeReadyWithin.TotalSeconds:0} s: {result}");
        }

        return _serve;
    }

    /// <summary>SIGKILL to serve (a crash: nothing of it runs on); returns what it printed.</summary>
    public async Task<ProcessResult> KillServeAsync()
    {
        var serve = _serve ?? throw new InvalidOperationException("serve does not run");
        serve.Kill();
        _lab.Record($"[{OrchestratorMachine}] serve (pid {serve.Id}) killed with SIGKILL");
        return await serve.WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    /// <summary>Stops serve as an operator would (SIGTERM), bounded; returns what it printed.</summary>
    public async Task<ProcessResult?> StopServeAsync()
    {
        if (_serve is not { } serve)
        {
            return null;
        }

        var result = await serve.StopAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        serve.Dispose();
        _serve = null;
        return result;
    }

    /// <summary>The agent's ledger on <paramref name="node"/>: GET /v1/ledger with the token, from the orchestrator's machine; the JSON array it answers.</summary>
    public async Task<string> LedgerJsonAsync(string node, CancellationToken cancellationToken = default)
    {
        var result = await CurlAsync(node, Node.AgentRoutesLedger, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"GET {Node.AgentRoutesLedger} from {node}'s agent failed ({result.ExitCode}): {result.StandardError.Trim()}");
        }

        return result.StandardOutput;
    }

    /// <summary>
    /// Waits (bounded) until the mail is in service on <paramref name="node"/> and nowhere else: the switchable address held
    /// there only, Postfix listening there only, and the mail name answering <paramref name="node"/>'s address. Returns how long it took.
    /// </summary>
    public async Task<TimeSpan> WaitInServiceAsync(string node, TimeSpan within, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var seen = "";
        while (clock.Elapsed < within)
        {
            var holders = await AddressHoldersAsync(cancellationToken).ConfigureAwait(false);
            var listeners = await SmtpListenersAsync(cancellationToken).ConfigureAwait(false);
            var answers = await Dns.ResolveAsync(LabNode.Client, LabDns.MailName, cancellationToken).ConfigureAwait(false);
            seen = $"address on [{string.Join(", ", holders)}], smtp listening on [{string.Join(", ", listeners)}], {LabDns.MailName} = [{string.Join(", ", answers)}]";
            if (holders.SequenceEqual([node]) && listeners.SequenceEqual([node]) && answers.SequenceEqual([_lab.Address(node)]))
            {
                return clock.Elapsed;
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"the mail is not in service on {node} alone within {within.TotalSeconds:0} s: {seen}");
    }

    /// <summary>The mail nodes whose namespace holds the switchable mail address on lab0 (<c>ip -n NS addr</c>).</summary>
    public async Task<IReadOnlyList<string>> AddressHoldersAsync(CancellationToken cancellationToken = default)
    {
        var holders = new List<string>();
        foreach (var node in Nodes)
        {
            var result = await LabCommand.RunAsync(
                "ip", ["-n", _lab.Namespace(node), "-o", "addr", "show", "dev", LabNetwork.Interface], ToolTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (result.StandardOutput.Contains($" {Mail.Address}/", StringComparison.Ordinal))
            {
                holders.Add(node);
            }
        }

        return holders;
    }

    /// <summary>The mail nodes where something listens on port 25 (Postfix's smtpd), by <c>ss</c> in each node's namespace.</summary>
    public async Task<IReadOnlyList<string>> SmtpListenersAsync(CancellationToken cancellationToken = default)
    {
        var listeners = new List<string>();
        foreach (var node in Nodes)
        {
            var result = await _lab.ExecAsync(node, ["ss", "-H", "-lnt", "sport", "= :25"], ToolTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (result.StandardOutput.Trim().Length > 0)
            {
                listeners.Add(node);
            }
        }

        return listeners;
    }

    /// <summary>Stops serve (SIGTERM, bounded) and the agents (SIGTERM, then SIGKILL); the lab's teardown kills what is left in its namespaces.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopServeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            _lab.Record($"serve did not stop: {e.Message} (the lab's teardown kills it)");
        }

        foreach (var (node, agent) in _agents)
        {
            try
            {
                if (!agent.HasExited)
                {
                    agent.Kill(entireProcessTree: true);
                    await agent.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                _lab.Record($"{node}'s agent did not stop: {e.Message} (the lab's teardown kills it)");
            }
        }

        _agents.Clear();
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private async Task BuildAsync(int monitorIntervalSeconds, bool automaticFailover, Func<string, LabCluster, string>? rewrite, CancellationToken cancellationToken)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        WriteSecret(TokenFile, token + "\n");
        WriteSecret(HeaderFile, $"Authorization: Bearer {token}\n");
        foreach (var node in Nodes)
        {
            await File.WriteAllTextAsync(FenceScript(node), FenceScriptText(node), cancellationToken).ConfigureAwait(false);
            File.SetUnixFileMode(FenceScript(node), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // The mount point of every node's own instance directory: an empty directory on the host, bound per agent.
        System.IO.Directory.CreateDirectory(NodeDirectory);

        // As installing Postfix does: the queue's directories (on the volume) made once by `postfix check` (which wants the
        // address it listens on: up on the first node for the while); the agents start only the master.
        var address = $"{Mail.Address}/24";
        await _lab.ExecAsync(Nodes[0], ["ip", "addr", "add", address, "dev", LabNetwork.Interface], ToolTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        var check = await _lab.ExecAsync(Nodes[0], [LabTools.Find("postfix")!, "-c", Mail.ConfigDirectory(Nodes[0]), "check"], ToolTimeout, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        await _lab.ExecAsync(Nodes[0], ["ip", "addr", "del", address, "dev", LabNetwork.Interface], ToolTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        var daemons = await LabCommand.RunAsync(LabTools.Find("postconf")!, ["-d", "-h", "daemon_directory"], ToolTimeout, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var master = Path.Combine(daemons.StandardOutput.Trim(), "master");
        if (check.ExitCode != 0 || !File.Exists(master))
        {
            var log = File.Exists(Mail.LogFile(Nodes[0])) ? string.Join(" | ", File.ReadAllLines(Mail.LogFile(Nodes[0])).TakeLast(5)) : "(none)";
            throw new InvalidOperationException($"postfix check failed ({check.ExitCode}: {check.Output.Trim()}; its log: {log}) or Postfix's master is not at {master}");
        }

        var file = LabClusterFile.Write(_lab, Dns, Mail, Nodes, TokenFile, FenceScript, NodeDirectory, master, monitorIntervalSeconds, automaticFailover);
        await File.WriteAllTextAsync(ClusterFile, rewrite is null ? file : rewrite(file, this), cancellationToken).ConfigureAwait(false);
        _lab.Record($"cluster file {ClusterFile}:\n{await File.ReadAllTextAsync(ClusterFile, cancellationToken).ConfigureAwait(false)}");

        foreach (var node in Nodes)
        {
            StartAgent(node);
        }

        foreach (var node in Nodes)
        {
            await WaitForAgentAsync(node, cancellationToken).ConfigureAwait(false);
        }

        var applied = await RunAsync("cluster", "apply", ClusterFile).ConfigureAwait(false);
        if (applied.ExitCode != 0)
        {
            throw new InvalidOperationException($"cluster apply failed: {applied}");
        }

        // S15: every move needs the directory account, set as an operator does (password on standard input).
        var credentials = await OrchestratorProcess.RunAsync(
            WithDataDir(TestDirectoryAccount.SetArguments), Environment, standardInput: TestDirectoryAccount.Password + "\n", launcher: Launcher).ConfigureAwait(false);
        if (credentials.ExitCode != 0)
        {
            throw new InvalidOperationException($"credentials set failed: {credentials}");
        }
    }

    private void StartAgent(string node)
    {
        var data = Path.Combine(Directory, "agents", node);
        System.IO.Directory.CreateDirectory(data);
        var address = _lab.Address(node).ToString();
        _agents[node] = _lab.Start(
            node,
            [
                "sh", "-c", "mount --bind \"$1\" \"$2\" && shift 2 && exec \"$@\"", "lab-agent", Mail.NodeDirectory(node), NodeDirectory,
                DotnetHost, OrchestratorProcess.CliPath, "--data-dir", data, "agent", "--node", node,
                "--listen", string.Create(CultureInfo.InvariantCulture, $"{address}:{AgentPort}"), "--token-file", TokenFile,
            ]);
    }

    private async Task WaitForAgentAsync(string node, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < AgentReadyWithin)
        {
            if (_agents[node].HasExited)
            {
                throw new InvalidOperationException($"{node}'s agent exited ({_agents[node].ExitCode}) before answering /v1/health");
            }

            var health = await CurlAsync(node, Node.AgentRoutesHealth, cancellationToken).ConfigureAwait(false);
            if (health.ExitCode == 0)
            {
                _lab.Record($"{node}'s agent answers /v1/health after {clock.ElapsedMilliseconds} ms");
                return;
            }

            last = health.StandardError.Trim();
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"{node}'s agent did not answer /v1/health within {AgentReadyWithin.TotalSeconds:0} s (last: {last})");
    }

    private Task<LabExecResult> CurlAsync(string node, string route, CancellationToken cancellationToken) =>
        _lab.ExecAsync(
            OrchestratorMachine,
            ["curl", "-sS", "--fail", "--max-time", "5", "-H", "@" + HeaderFile, LabClusterFile.AgentUrl(_lab.Address(node)) + route],
            ToolTimeout,
            cancellationToken: cancellationToken);

    private string FenceScriptText(string node) =>
        $"""
         #!/bin/sh
         # The lab's fence device for {node} (run by the orchestrator as `fence-{node} {node}` before a takeover): every
         # process of the node's namespace killed, its link taken down. Exit 0: fenced.
         ns={_lab.Namespace(node)}
         ip netns pids "$ns" | xargs -r kill -9
         ip -n "$ns" link set {LabNetwork.Interface} down
         exit 0

         """;

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static void WriteSecret(string path, string text)
    {
        using var file = new FileStream(
            path,
            new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
        file.Write(System.Text.Encoding.ASCII.GetBytes(text));
    }

    private string[] WithDataDir(IReadOnlyList<string> arguments) => ["--data-dir", DataDirectory, .. arguments];

    private IReadOnlyList<string> Launcher => ["ip", "netns", "exec", _lab.Namespace(OrchestratorMachine)];

    private static string DotnetHost =>
        System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : LabTools.Find("dotnet") ?? "dotnet";

    /// <summary>The agent's routes (as Orchestrator.Node's AgentRoutes: this library does not reference the product).</summary>
    private static class Node
    {
        public const string AgentRoutesHealth = "/v1/health";
        public const string AgentRoutesLedger = "/v1/ledger";
    }
}
