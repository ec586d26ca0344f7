using Orchestrator.Node.Kinds;
using Orchestrator.Node.Ocf;

namespace Orchestrator.Node.Tests;

/// <summary>OCF meta-data: read (ClusterLabs' agents unchanged), written for the built-in kinds, and parameters checked against it.</summary>
public sealed class OcfMetadataTests
{
    private const string HeartbeatDirectory = "/usr/lib/ocf/resource.d/heartbeat";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public void Parse_ReadsParametersRequiredTypesDefaultsAndActions()
    {
        var metadata = OcfMetadata.Parse(
            """
            <?xml version="1.0"?>
            <!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
            <resource-agent name="Filesystem" version="1.1">
            <version>1.0</version>
            <parameters>
            <parameter name="device" required="1" unique="0"><shortdesc lang="en">block device</shortdesc><content type="string" default=""/></parameter>
            <parameter name="run_fsck"><shortdesc lang="en">run fsck</shortdesc><content type="string" default="auto"/></parameter>
            <parameter name="fast_stop"><shortdesc lang="en">fast stop</shortdesc><content type="boolean" default="true"/></parameter>
            </parameters>
            <actions><action name="start" timeout="60s"/><action name="monitor" depth="0" timeout="40s" interval="20s"/><action name="monitor" depth="10" timeout="40s"/></actions>
            </resource-agent>
            """);

        Assert.Equal("Filesystem", metadata.Agent);
        Assert.Equal(
            [
                new OcfParameter("device", true, "string", null, "block device"),
                new OcfParameter("run_fsck", false, "string", "auto", "run fsck"),
                new OcfParameter("fast_stop", false, "boolean", "true", "fast stop"),
            ],
            metadata.Parameters);
        Assert.Equal(["start", "monitor"], metadata.Actions);
    }

    [Theory]
    [InlineData("not xml at all")]
    [InlineData("<resource-agents name=\"x\"/>")]
    [InlineData("<resource-agent/>")]
    public void Parse_RefusesWhatIsNotMetaData_SayingWhy(string xml) =>
        Assert.Throws<FormatException>(() => OcfMetadata.Parse(xml));

    [Fact]
    public void Validate_NamesAMissingRequiredParameter_AnUnknownOne_AndAValueOfTheWrongType()
    {
        var metadata = new OcfMetadata(
            "IPaddr2",
            [new OcfParameter("ip", true, "string", null, "IPv4 address"), new OcfParameter("cidr_netmask", false, "integer", null, "netmask")],
            ["start"]);

        var problems = OcfParameterValidator.Validate(metadata, new Dictionary<string, string> { ["cidr_netmask"] = "twenty-four", ["nic "] = "eth0" });

        Assert.Equal(
            [("ip", OcfProblemKind.MissingRequired), ("cidr_netmask", OcfProblemKind.InvalidValue), ("nic ", OcfProblemKind.Unknown)],
            problems.Select(p => (p.Parameter, p.Kind)));
        Assert.All(problems, p => Assert.Equal("IPaddr2", p.Agent));
        Assert.Empty(OcfParameterValidator.Validate(metadata, new Dictionary<string, string> { ["ip"] = "198.18.7.50", ["cidr_netmask"] = "24" }));
    }

    [Fact]
    public async Task TheBuiltInKinds_AnswerMetaDataThatParsesBack_AndValidatesTheirOwnParameters()
    {
        var kinds = NodeResourceKinds.Create(new NodeKindOptions());
        var ip = new ResourceSpec("ip", "mail-ip", new Dictionary<string, string> { ["address"] = "198.18.7.50/24" });

        foreach (var name in kinds.Names.Where(n => n != "script"))
        {
            var answer = await kinds.RunAsync(new ResourceSpec(name, "x", new Dictionary<string, string>()), ResourceVerb.MetaData, Timeout, CancellationToken.None);
            Assert.Equal(name, OcfMetadata.Parse(answer.Message).Agent);
        }

        var problem = Assert.Single(await kinds.ValidateAsync(ip, Timeout, CancellationToken.None));
        Assert.Equal(("ip", "interface", OcfProblemKind.MissingRequired), (problem.Agent, problem.Parameter, problem.Kind));
    }

    [SkippableTheory]
    [InlineData("IPaddr2", "ip")]
    [InlineData("Filesystem", "device,directory,fstype")]
    [InlineData("postfix", "")]
    public async Task ClusterLabsAgents_Unchanged_AnswerMetaDataWhoseRequiredParametersAreNamed(string agent, string required)
    {
        Skip.IfNot(File.Exists(Path.Combine(HeartbeatDirectory, agent)), $"{HeartbeatDirectory}/{agent} is missing: install Debian's resource-agents (.ci/run does, as root)");
        var kinds = NodeResourceKinds.Create(new NodeKindOptions());
        var resource = new ResourceSpec("script", "r", new Dictionary<string, string> { [ScriptKind.AgentParameter] = $"ocf:heartbeat:{agent}" });

        var answer = await kinds.RunAsync(resource, ResourceVerb.MetaData, Timeout, CancellationToken.None);
        var metadata = OcfMetadata.Parse(answer.Message);
        var problems = await kinds.ValidateAsync(resource, Timeout, CancellationToken.None);

        Assert.Equal(agent, metadata.Agent);
        Assert.Contains("monitor", metadata.Actions);
        var expected = required.Split(',', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected.Order(), metadata.Parameters.Where(p => p.Required).Select(p => p.Name).Order());
        Assert.Equal(expected.Order(), problems.Where(p => p.Kind == OcfProblemKind.MissingRequired).Select(p => p.Parameter).Order());
        Assert.All(problems, p => Assert.Equal($"ocf:heartbeat:{agent}", p.Agent));
    }

    [SkippableFact]
    public async Task IPaddr2_WithItsParameters_IsValid_AndAMisspeltOneIsNamed()
    {
        Skip.IfNot(File.Exists(Path.Combine(HeartbeatDirectory, "IPaddr2")), $"{HeartbeatDirectory}/IPaddr2 is missing: install Debian's resource-agents");
        var kinds = NodeResourceKinds.Create(new NodeKindOptions());
        ResourceSpec Given(params (string, string)[] p) =>
            new("script", "mail-ip", new Dictionary<string, string>(p.Select(x => KeyValuePair.Create(x.Item1, x.Item2))) { [ScriptKind.AgentParameter] = "ocf:heartbeat:IPaddr2" });

        var valid = await kinds.ValidateAsync(Given(("ip", "198.18.7.50"), ("cidr_netmask", "24"), ("nic", "lab0")), Timeout, CancellationToken.None);
        var misspelt = await kinds.ValidateAsync(Given(("ip", "198.18.7.50"), ("netmask", "24")), Timeout, CancellationToken.None);

        Assert.Empty(valid);
        Assert.Equal(("netmask", OcfProblemKind.Unknown), Assert.Single(misspelt.Select(p => (p.Parameter, p.Kind))));
    }
}
