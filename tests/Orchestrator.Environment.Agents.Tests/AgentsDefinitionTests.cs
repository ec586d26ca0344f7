using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Definitions;
using Orchestrator.Environment.Agents.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.Environment.Agents.Tests;

public sealed class AgentsDefinitionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("orch-agents-def-").FullName;

    [Fact]
    public void TheLabSample_ReadsAsAnAgentsCluster_WithEachNodesAgentAndEachRealResource()
    {
        var parsed = ClusterDefinitionParser.ParseAndValidate(LabAgentsSample.Text);

        Assert.True(parsed.Errors.Count == 0, ClusterDefinitionParser.Format("lab.yaml", parsed.Errors));
        var cluster = parsed.Definition!;
        Assert.Equal(ClusterEnvironment.Agents, cluster.Environment);
        var node1 = cluster.FindNode("node1")!;
        Assert.Equal(["http://198.18.7.11:7070", "http://198.18.8.11:7070"], node1.Agent!.Urls);
        Assert.Equal("/etc/orchestrator/agent.token", node1.Agent.TokenFile);
        Assert.Equal("/usr/local/lib/orchestrator/fence-node1", node1.FenceScript);
        var exch1 = cluster.FindHierarchy("exch1")!;
        Assert.Equal("lab0", exch1.Address!.Real!.Parameters["interface"]);
        Assert.Equal("198.18.7.100", exch1.Address.Address);
        Assert.Equal(24, exch1.Address.PrefixLength);
        Assert.Equal("/srv/lab/mail", exch1.Volumes[0].Real!.Parameters["directory"]);
        var postfix = exch1.Application.Services[0];
        Assert.Equal(("service", "/usr/lib/postfix/sbin/master", "-c /etc/postfix", 30), (postfix.Real!.Kind, postfix.Real.Parameters["command"], postfix.Real.Parameters["args"], postfix.MaxWaitSeconds));
        Assert.Equal("/etc/orchestrator/lab-tsig.key", exch1.Dns[0].Real!.Parameters["key-file"]);
    }

    [Fact]
    public void EverySampleWithoutEnvironment_StaysSimulated()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(Samples.RepoRoot, "workflows", "samples"), "*.yaml").Where(f => !Path.GetFileName(f).StartsWith("lab-agents", StringComparison.Ordinal)))
        {
            var parsed = ClusterDefinitionParser.ParseAndValidate(File.ReadAllText(file));
            Assert.True(parsed.Succeeded, file);
            Assert.Equal(ClusterEnvironment.Simulated, parsed.Definition!.Environment);
        }
    }

    [Fact]
    public void AScriptResource_KeepsItsAgentAndItsParams()
    {
        var yaml = LabAgentsSample.With("      interface: lab0", "      script: ocf:heartbeat:IPaddr2\n      params: {ip: 198.18.7.100, cidr_netmask: 24, nic: lab0}");

        var parsed = ClusterDefinitionParser.ParseAndValidate(yaml);

        Assert.True(parsed.Errors.Count == 0, ClusterDefinitionParser.Format("lab.yaml", parsed.Errors));
        var real = parsed.Definition!.FindHierarchy("exch1")!.Address!.Real!;
        Assert.Equal(("script", "ocf:heartbeat:IPaddr2"), (real.Kind, real.Script));
        Assert.Equal(new Dictionary<string, string> { ["ip"] = "198.18.7.100", ["cidr_netmask"] = "24", ["nic"] = "lab0" }, real.Parameters);
    }

    [Theory]
    [InlineData("      token-file: /etc/orchestrator/agent.token", "", "is missing the required key 'token-file'", "urls:")]
    [InlineData("      urls: [http://198.18.7.11:7070, http://198.18.8.11:7070]", "      urls: [http://198.18.7.11:7070, ftp://198.18.8.11:7070]", "'ftp://198.18.8.11:7070' of node 'node1' is not an http:// or https:// URL", "ftp://")]
    [InlineData("      token-file: /etc/orchestrator/agent.token", "      token-file: /etc/orchestrator/agent.token\n      tokenfile: x", "Unknown key 'tokenfile' in the agent of node 'node1'", "tokenfile")]
    [InlineData("      token-file: /etc/orchestrator/agent.token", "      token-file: agent.token", "'token-file' of the agent of node 'node1' is 'agent.token', not an absolute path", "agent.token")]
    [InlineData("environment: agents", "environment: real", "must be simulated or agents, not 'real'", "environment:")]
    [InlineData("          command: /usr/lib/postfix/sbin/master", "", "missing part of its real resource", "- name: postfix")]
    [InlineData("        directory: /srv/lab/mail      # lock-file mode; or: device: /dev/loop7 with mountpoint: /srv/lab/mail", "", "volume 'mail' of hierarchy 'exch1' has no real resource", "- name: mail")]
    [InlineData("      urls: [http://198.18.7.11:7070, http://198.18.8.11:7070]", "      urls: [http://198.18.7.11:7070]", "has 1 URL(s), and the node is on 2 communication path(s)", "urls:")]
    public void AnAgentsDefinitionMistake_IsReportedAtItsLineAndColumn(string line, string replacement, string message, string reportedAt)
    {
        var yaml = LabAgentsSample.With(line, replacement);

        var parsed = ClusterDefinitionParser.ParseAndValidate(yaml);

        Assert.Null(parsed.Definition);
        var error = Assert.Single(parsed.Errors, e => e.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal(LabAgentsSample.LineOf(reportedAt, yaml), error.Location.Line);
        Assert.True(error.Location.Column > 0);
        Assert.Matches(@"^lab\.yaml:\d+:\d+: .* Fix: ", error.Format("lab.yaml"));
    }

    [Fact]
    public void ATokenFileThatDoesNotExist_IsRefusedOnApply_AtTheLineOfTokenFile()
    {
        var missing = Path.Combine(_folder, "absent.token");
        var file = Write(LabAgentsSample.Text.Replace("/etc/orchestrator/agent.token", missing, StringComparison.Ordinal));

        var parsed = ClusterDefinitionParser.ParseFile(file);

        Assert.Null(parsed.Definition);
        var error = Assert.Single(parsed.Errors, e => e.Message.Contains("node 'node1'", StringComparison.Ordinal));
        Assert.Equal($"The token file {missing} of node 'node1' does not exist.", error.Message);
        Assert.Equal(LabAgentsSample.LineOf("token-file:"), error.Location.Line);
        Assert.Contains("chmod 600", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void ATokenFileReadableByOthers_IsRefusedOnApply_AndOneForItsOwnerOnly_IsAccepted()
    {
        var token = Path.Combine(_folder, "agent.token");
        File.WriteAllText(token, "secret-token-value");
        File.SetUnixFileMode(token, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var file = Write(LabAgentsSample.Text.Replace("/etc/orchestrator/agent.token", token, StringComparison.Ordinal));

        var refused = ClusterDefinitionParser.ParseFile(file);
        Assert.Contains(refused.Errors, e => e.Message.Contains("can be read or written by others than its owner", StringComparison.Ordinal) && e.Fix.Contains($"chmod 600 {token}", StringComparison.Ordinal));
        Assert.DoesNotContain(refused.Errors, e => e.Message.Contains("secret-token-value", StringComparison.Ordinal));

        File.SetUnixFileMode(token, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var accepted = ClusterDefinitionParser.ParseFile(file);
        Assert.True(accepted.Errors.Count == 0, ClusterDefinitionParser.Format("lab.yaml", accepted.Errors));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string yaml)
    {
        var file = Path.Combine(_folder, "lab.yaml");
        File.WriteAllText(file, yaml);
        return file;
    }
}
