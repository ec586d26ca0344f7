using Orchestrator.Testing;
using Orchestrator.Node.Kinds;
using Orchestrator.Node.Ocf;
using Orchestrator.Node.Tests.Support;

namespace Orchestrator.Node.Tests;

/// <summary>The script kind: an OCF resource agent the test writes, called with its verb, its environment and its parameters.</summary>
public sealed class ScriptKindTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly ScratchDirectory _dir = new();

    [Fact]
    public async Task StartMonitorStop_AreCalledInOrder_WithTheirParametersAsOcfReskey_AndMonitorAnswersSevenWhenStopped()
    {
        var kind = new ScriptKind(new NodeKindOptions { OcfRoot = _dir.Path });
        var resource = Resource(Agent(), ("ip", "198.18.7.50"), ("cidr_netmask", "24"));

        Assert.Equal(OcfExit.NotRunning, (await kind.RunAsync(resource, ResourceVerb.Monitor, Timeout, CancellationToken.None)).Exit);
        var start = await kind.RunAsync(resource, ResourceVerb.Start, Timeout, CancellationToken.None);
        Assert.Equal(OcfExit.Success, start.Exit);
        Assert.Equal(OcfExit.Success, (await kind.RunAsync(resource, ResourceVerb.Monitor, Timeout, CancellationToken.None)).Exit);
        Assert.Equal(OcfExit.Success, (await kind.RunAsync(resource, ResourceVerb.Stop, Timeout, CancellationToken.None)).Exit);
        var afterStop = await kind.RunAsync(resource, ResourceVerb.Monitor, Timeout, CancellationToken.None);

        Assert.Equal(OcfExit.NotRunning, afterStop.Exit);
        Assert.Contains("exit 7 (NotRunning)", afterStop.Message, StringComparison.Ordinal);
        Assert.Equal(
            [
                $"monitor mail-ip 198.18.7.50 24 {_dir.Path} 1.0 10000",
                $"start mail-ip 198.18.7.50 24 {_dir.Path} 1.0 10000",
                $"monitor mail-ip 198.18.7.50 24 {_dir.Path} 1.0 10000",
                $"stop mail-ip 198.18.7.50 24 {_dir.Path} 1.0 10000",
                $"monitor mail-ip 198.18.7.50 24 {_dir.Path} 1.0 10000",
            ],
            await File.ReadAllLinesAsync(_dir.File("calls")));
        Assert.DoesNotContain(await File.ReadAllTextAsync(_dir.File("env")), "OCF_RESKEY_agent", StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOcfName_ResolvesUnderOcfRoot_AndItsMetaDataIsTheAgentsXml()
    {
        var providerDirectory = Path.Combine(_dir.Path, "resource.d", "acme");
        Directory.CreateDirectory(providerDirectory);
        File.Move(Agent(), Path.Combine(providerDirectory, "mailer"));
        var kind = new ScriptKind(new NodeKindOptions { OcfRoot = _dir.Path });

        var answer = await kind.RunAsync(Resource("ocf:acme:mailer"), ResourceVerb.MetaData, Timeout, CancellationToken.None);

        Assert.Equal(OcfExit.Success, answer.Exit);
        var metadata = OcfMetadata.Parse(answer.Message);
        Assert.Equal("mailer", metadata.Agent);
        Assert.True(metadata.Find("ip")!.Required);
    }

    [Fact]
    public async Task AMissingRequiredParameter_IsNamedWithTheAgent_ByTheAgentsOwnMetaData()
    {
        var kinds = NodeResourceKinds.Create(new NodeKindOptions { OcfRoot = _dir.Path });
        var agent = Agent();

        var problems = await kinds.ValidateAsync(Resource(agent, ("cidr_netmask", "24")), Timeout, CancellationToken.None);
        var fine = await kinds.ValidateAsync(Resource(agent, ("ip", "198.18.7.50")), Timeout, CancellationToken.None);

        var problem = Assert.Single(problems);
        Assert.Equal(("ip", OcfProblemKind.MissingRequired, agent), (problem.Parameter, problem.Kind, problem.Agent));
        Assert.Contains("requires parameter 'ip'", problem.Message, StringComparison.Ordinal);
        Assert.Empty(fine);
    }

    [Theory]
    [InlineData(5, OcfExit.NotInstalled)]
    [InlineData(6, OcfExit.NotConfigured)]
    [InlineData(3, OcfExit.Unimplemented)]
    [InlineData(42, OcfExit.GenericError)]
    public async Task TheAgentsExitCode_IsTheAnswer(int code, OcfExit expected)
    {
        var agent = _dir.Script("exits", $"echo 'said something' >&2\nexit {code}");

        var answer = await new ScriptKind(new NodeKindOptions()).RunAsync(Resource(agent), ResourceVerb.Start, Timeout, CancellationToken.None);

        Assert.Equal(expected, answer.Exit);
        Assert.Contains($"exit {code}", answer.Message, StringComparison.Ordinal);
        Assert.Contains("said something", answer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAgentPastItsTimeout_IsAGenericError_AndItsProcessGroupIsKilled()
    {
        var childPid = _dir.File("child.pid");
        var agent = _dir.Script("slow", $"(sleep 60 & echo $! > {childPid})\nsleep 60");

        var answer = await new ScriptKind(new NodeKindOptions()).RunAsync(Resource(agent), ResourceVerb.Monitor, TimeSpan.FromMilliseconds(500), CancellationToken.None);

        Assert.Equal(OcfExit.GenericError, answer.Exit);
        Assert.Contains("timed out after 0.5 s", answer.Message, StringComparison.Ordinal);
        Assert.True(await Processes.GoneAsync(Processes.ReadPid(childPid), TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task AMissingAgent_IsNotInstalled_AndABadOcfNameIsAnInvalidArgument()
    {
        var kind = new ScriptKind(new NodeKindOptions { OcfRoot = _dir.Path });

        var missing = await kind.RunAsync(Resource("ocf:heartbeat:NoSuchAgent"), ResourceVerb.Start, Timeout, CancellationToken.None);
        var bad = await kind.RunAsync(Resource("ocf:heartbeat"), ResourceVerb.Start, Timeout, CancellationToken.None);

        Assert.Equal(OcfExit.NotInstalled, missing.Exit);
        Assert.Contains(Path.Combine(_dir.Path, "resource.d", "heartbeat", "NoSuchAgent"), missing.Message, StringComparison.Ordinal);
        Assert.Equal(OcfExit.InvalidArgument, bad.Exit);
    }

    private static ResourceSpec Resource(string agent, params (string Name, string Value)[] parameters) =>
        new("script", "mail-ip", new Dictionary<string, string>(parameters.Select(p => KeyValuePair.Create(p.Name, p.Value))) { [ScriptKind.AgentParameter] = agent });

    /// <summary>A small OCF agent: records each call and its parameters, keeps its state in a file, monitor exits 7 when stopped.</summary>
    private string Agent() => _dir.Script(
        "agent",
        $$"""
          state={{_dir.File("state")}}
          env | grep ^OCF_ | sort > {{_dir.File("env")}}
          [ "$1" = meta-data ] || echo "$1 $OCF_RESOURCE_INSTANCE $OCF_RESKEY_ip $OCF_RESKEY_cidr_netmask $OCF_ROOT $OCF_RA_VERSION_MAJOR.$OCF_RA_VERSION_MINOR $OCF_RESKEY_CRM_meta_timeout" >> {{_dir.File("calls")}}
          case "$1" in
            start) touch "$state"; exit 0 ;;
            stop) rm -f "$state"; exit 0 ;;
            monitor) [ -f "$state" ] && exit 0; exit 7 ;;
            meta-data) cat <<'XML'
          <?xml version="1.0"?>
          <!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
          <resource-agent name="mailer" version="1.0">
          <parameters>
          <parameter name="ip" unique="1" required="1"><shortdesc lang="en">the address</shortdesc><content type="string"/></parameter>
          <parameter name="cidr_netmask"><shortdesc lang="en">its prefix length</shortdesc><content type="integer" default="32"/></parameter>
          </parameters>
          <actions><action name="start" timeout="20s"/><action name="stop" timeout="20s"/><action name="monitor" timeout="20s"/></actions>
          </resource-agent>
          XML
              exit 0 ;;
            *) exit 3 ;;
          esac
          """);

    public void Dispose() => _dir.Dispose();
}
