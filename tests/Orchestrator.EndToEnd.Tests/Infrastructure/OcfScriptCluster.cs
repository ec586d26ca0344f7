using System.Diagnostics;
using Orchestrator.Testing.Agents;

namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Issue 14's OCF acceptance without network namespaces: two real agents (node1, node2) on loopback, a cluster file with
/// <c>environment: agents</c> whose hierarchy exch1 is made only of a test-written OCF script (<see cref="OcfScript"/>):
/// volume <c>data</c>, the ip, services <c>queue</c> then <c>delivery</c>, each with its own <c>params</c>; monitor every
/// second, threshold 2. <see cref="StartAsync"/> applies it and starts a real <c>serve</c>.
/// </summary>
public sealed class OcfScriptCluster : IAsyncDisposable
{
    /// <summary>
    /// On loopback, as are the nodes' addresses: the monitor judges the address by a reach probe from the other node's
    /// agent (ping), and all of 127.0.0.0/8 answers it on any Linux, without root; the script only plays holding it.
    /// </summary>
    public const string Address = "127.0.0.100";

    /// <summary>Each resource of exch1 (its OCF_RESOURCE_INSTANCE) in start order, with the parameters the file gives it.</summary>
    public static readonly IReadOnlyList<(string Resource, IReadOnlyDictionary<string, string> Parameters)> StartOrder =
    [
        ("data", new Dictionary<string, string> { ["device"] = "/dev/fake0", ["directory"] = "/srv/data" }),
        (Address, new Dictionary<string, string> { ["ip"] = Address, ["cidr_netmask"] = "24" }),
        ("queue", new Dictionary<string, string> { ["role"] = "queue", ["port"] = "2525" }),
        ("delivery", new Dictionary<string, string> { ["role"] = "delivery", ["spool"] = "/srv/spool" }),
    ];

    private readonly ScratchDirectory _scratch;

    private OcfScriptCluster(ScratchDirectory scratch, TempDataDir dir, OcfScript script, AgentProcess node1, AgentProcess node2, string fenceLog)
    {
        _scratch = scratch;
        Dir = dir;
        Script = script;
        Node1 = node1;
        Node2 = node2;
        FenceLog = fenceLog;
    }

    public TempDataDir Dir { get; }

    public OcfScript Script { get; }

    public AgentProcess Node1 { get; }

    public AgentProcess Node2 { get; }

    public ServeProcess? Serve { get; private set; }

    /// <summary>How long each part of the start took (for the test's output).</summary>
    public string Started { get; private set; } = "";

    /// <summary>Where the nodes' fence script appends the node it fenced (it also stops every script resource of that node).</summary>
    public string FenceLog { get; }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static async Task<OcfScriptCluster> StartAsync()
    {
        var clock = Stopwatch.StartNew();
        var scratch = new ScratchDirectory();
        var script = new OcfScript(scratch);
        var token = AgentProcess.WriteTokenFile(scratch.File("agent.token"), "ocf-e2e-" + Guid.NewGuid().ToString("N"));
        var fenceLog = scratch.File("fenced.log");
        // Powers the node off as far as the script's resources go (nothing of it runs any more), and says so.
        var fence = scratch.Script("fence", $"rm -f '{script.StateDirectory}'/\"$1\".*.on\necho \"$1\" >> '{fenceLog}'");
        var starting = new[] { "node1", "node2" }.Select(node =>
            AgentProcess.StartAsync(node, scratch.File("agent-" + node), token, new Dictionary<string, string> { [OcfScript.NodeVariable] = node })).ToList();
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                started.Result.Dispose();
            }

            scratch.Dispose();
            throw;
        }

        var (node1, node2) = (starting[0].Result, starting[1].Result);
        var agentsUp = clock.Elapsed;
        var dir = new TempDataDir();
        dir.Environment["ORCHESTRATOR_RETRY_BASE_MS"] = "100";
        dir.Environment["ORCHESTRATOR_RETRY_MAX_MS"] = "500";
        var cluster = new OcfScriptCluster(scratch, dir, script, node1, node2, fenceLog);
        var yaml = dir.Sibling("ocf-agents.yaml");
        TimeSpan applied;
        try
        {
            await File.WriteAllTextAsync(yaml, Yaml(script.Path, token, fence, node1.Url, node2.Url));
            await dir.ApplyAsync(yaml);
            applied = clock.Elapsed;
            cluster.Serve = await ServeProcess.StartAsync(dir);
        }
        catch
        {
            await cluster.DisposeAsync(); // its agents (and serve, if it started) do not outlive a failed start
            throw;
        }

        cluster.Started = $"agents answering {agentsUp.TotalSeconds:0.0} s, applied {applied.TotalSeconds:0.0} s, serving {clock.Elapsed.TotalSeconds:0.0} s";
        return cluster;
    }

    /// <summary>Waits until every resource of exch1 answered monitor 0 on <paramref name="node"/> after its start there (the hierarchy is in service on it).</summary>
    public async Task<IReadOnlyList<OcfCall>> InServiceOnAsync(string node, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var calls = Script.Calls();
            if (StartOrder.All(r => MonitoredAfterStart(calls, node, r.Resource)))
            {
                return calls;
            }

            Assert.True(clock.Elapsed < timeout, $"exch1 not in service on {node} after {timeout.TotalSeconds} s; the script's calls:\n{string.Join("\n", calls)}\nserve: {Serve?.StdOut}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until <paramref name="done"/> holds for the script's calls.</summary>
    public async Task<IReadOnlyList<OcfCall>> CallsWhenAsync(Func<IReadOnlyList<OcfCall>, bool> done, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var calls = Script.Calls();
            if (done(calls))
            {
                return calls;
            }

            Assert.True(clock.Elapsed < timeout, $"{what}: not within {timeout.TotalSeconds} s; the script's calls:\n{string.Join("\n", calls)}\nserve: {Serve?.StdOut}");
            await Task.Delay(100);
        }
    }

    public async Task<IReadOnlyList<AuditJson>> AuditAsync() =>
        Json.Parse<List<AuditJson>>((await Dir.RunAsync("audit", "list", "--hierarchy", "exch1", "--json", "--limit", "10000")).ShouldExitWith(0));

    public async ValueTask DisposeAsync()
    {
        if (Serve is not null)
        {
            await Serve.DisposeAsync();
        }

        Node1.Dispose();
        Node2.Dispose();
        Dir.Dispose();
        _scratch.Dispose();
    }

    private static bool MonitoredAfterStart(IReadOnlyList<OcfCall> calls, string node, string resource)
    {
        var start = LastIndex(calls, c => c.Verb == "start" && c.Node == node && c.Resource == resource && c.Exit == 0);
        return start >= 0 && calls.Skip(start + 1).Any(c => c.Verb == "monitor" && c.Node == node && c.Resource == resource && c.Exit == 0);
    }

    private static int LastIndex(IReadOnlyList<OcfCall> calls, Func<OcfCall, bool> match)
    {
        for (var i = calls.Count - 1; i >= 0; i--)
        {
            if (match(calls[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Yaml(string script, string token, string fence, Uri node1, Uri node2)
    {
        string Params(string resource) =>
            "{" + string.Join(", ", StartOrder.Single(r => r.Resource == resource).Parameters.Select(p => $"{p.Key}: \"{p.Value}\"")) + "}";
        return $"""
            cluster: ocf-e2e
            environment: agents
            settings:
              maxwait: 30
              automatic-failover: true
              switchback: intelligent
              update-replica-list: false
              monitor-interval: 1
              failure-threshold: 2
            nodes:
              - name: node1
                address: 127.0.0.11/24
                agent:
                  urls: [{node1.ToString().TrimEnd('/')}]
                  token-file: {token}
                fence: {fence}
              - name: node2
                address: 127.0.0.12/24
                agent:
                  urls: [{node2.ToString().TrimEnd('/')}]
                  token-file: {token}
                fence: {fence}
            paths:
              - between: [node1, node2]
                kind: tcp
            hierarchies:
              - name: exch1
                mode: active-standby
                application:
                  name: APP1
                  optional-services: []
                  services:              # start order; stopped in reverse
                    - name: queue
                      maxwait: 10
                      script: {script}
                      params: {Params("queue")}
                    - name: delivery
                      maxwait: 10
                      script: {script}
                      params: {Params("delivery")}
                volumes:
                  - name: data
                    role: database
                    script: {script}
                    params: {Params("data")}
                ip:
                  address: {Address}/24
                  script: {script}
                  params: {Params(Address)}
                priorities:
                  node1: 1
                  node2: 10
            """;
    }
}
