using System.Diagnostics;
using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Validation;
using Orchestrator.Engine.Definitions;
using Orchestrator.Environment.Agents.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.Environment.Agents.Tests;

/// <summary>
/// Issue 14 (ClusterLabs point): each real resource of an agents cluster file checked against its kind's meta-data — a
/// script's read by running its agent on this host — at the resource's line (or the offending key's); meta-data that
/// cannot be had here is a warning, never an error.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ResourceMetadataCheckTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("orch-metadata-tests");

    private static async Task<IReadOnlyList<ValidationError>> CheckAsync(string yaml, TimeSpan? timeout = null)
    {
        var parsed = ClusterDefinitionParser.ParseAndValidate(yaml);
        Assert.True(parsed.Errors.Count == 0, ClusterDefinitionParser.Format("lab.yaml", parsed.Errors));
        return await new ResourceMetadataCheck(timeout: timeout).CheckAsync(parsed.Definition!, CancellationToken.None);
    }

    private static string Describe(IEnumerable<ValidationError> found) => ClusterDefinitionParser.Format("lab.yaml", found);

    [Fact]
    public async Task TheLabSample_HasEveryParameterItsBuiltInKindsDeclare()
    {
        var found = await CheckAsync(LabAgentsSample.Text);

        Assert.True(found.Count == 0, Describe(found));
    }

    [SkippableFact]
    public async Task TheClusterLabsSample_ValidatesAgainstDebiansAgents()
    {
        Skip.IfNot(MetadataSamples.ResourceAgentsInstalled, MetadataSamples.NoResourceAgents);

        var found = await CheckAsync(File.ReadAllText(MetadataSamples.ClusterLabsPath));

        Assert.True(found.Count == 0, Describe(found));
    }

    [SkippableFact]
    public async Task AnIPaddr2WithoutIp_IsAnError_AtTheResource_NamingIt_TheAgent_AndTheParameter()
    {
        Skip.IfNot(MetadataSamples.ResourceAgentsInstalled, MetadataSamples.NoResourceAgents);
        var yaml = LabAgentsSample.With("      interface: lab0", "      script: ocf:heartbeat:IPaddr2\n      params: {cidr_netmask: 24, nic: lab0}");

        var found = await CheckAsync(yaml);

        var error = Assert.Single(found);
        Assert.False(error.IsWarning);
        Assert.Equal(new SourceLocation(LabAgentsSample.LineOf("address: 198.18.7.100/24", yaml), 7), error.Location);
        Assert.Contains("The ip 198.18.7.100 of hierarchy 'exch1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ocf:heartbeat:IPaddr2 requires parameter 'ip'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Add 'ip: <value>' to 'params' of the ip 198.18.7.100", error.Fix, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task AFilesystemWithDeviceDirectoryAndFstype_Passes_AndOneWithoutFstype_IsRefused()
    {
        Skip.IfNot(MetadataSamples.ResourceAgentsInstalled, MetadataSamples.NoResourceAgents);
        const string Volume = "        directory: /srv/lab/mail      # lock-file mode; or: device: /dev/loop7 with mountpoint: /srv/lab/mail";

        var complete = await CheckAsync(LabAgentsSample.With(Volume, "        script: ocf:heartbeat:Filesystem\n        params: {device: /dev/loop7, directory: /srv/lab/mail, fstype: ext4}"));
        var incomplete = await CheckAsync(LabAgentsSample.With(Volume, "        script: ocf:heartbeat:Filesystem\n        params: {device: /dev/loop7, directory: /srv/lab/mail}"));

        Assert.True(complete.Count == 0, Describe(complete));
        var error = Assert.Single(incomplete);
        Assert.Contains("Volume 'mail' of hierarchy 'exch1': resource agent ocf:heartbeat:Filesystem requires parameter 'fstype'", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task AnUnknownParameter_IsNamed_AtItsKeyUnderParams()
    {
        Skip.IfNot(MetadataSamples.ResourceAgentsInstalled, MetadataSamples.NoResourceAgents);
        var yaml = LabAgentsSample.With("      interface: lab0", "      script: ocf:heartbeat:IPaddr2\n      params:\n        ip: 198.18.7.100\n        interface: lab0");

        var found = await CheckAsync(yaml);

        var error = Assert.Single(found);
        Assert.Equal(new SourceLocation(LabAgentsSample.LineOf("        interface: lab0", yaml), 9), error.Location);
        Assert.Contains("resource agent ocf:heartbeat:IPaddr2 has no parameter 'interface'", error.Message, StringComparison.Ordinal);
        Assert.Contains("nic", error.Message, StringComparison.Ordinal);
        Assert.Contains("Remove 'interface'", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATestWrittenOcfScript_IsCheckedAgainstItsOwnMetadata()
    {
        var agent = MetadataSamples.WriteAgent(_scratch);

        var good = await CheckAsync(MetadataSamples.WithScriptService(agent, "{config: /etc/labapp.conf, port: 2525}"));
        var yaml = MetadataSamples.WithScriptService(agent, "{port: twenty-five}");
        var bad = await CheckAsync(yaml);

        Assert.True(good.Count == 0, Describe(good));
        Assert.Equal(2, bad.Count);
        var missing = Assert.Single(bad, e => e.Message.Contains($"resource agent {agent} requires parameter 'config'", StringComparison.Ordinal));
        Assert.Equal(LabAgentsSample.LineOf("- name: postfix", yaml), missing.Location.Line);
        Assert.StartsWith("Service 'postfix' of hierarchy 'exch1'", missing.Message, StringComparison.Ordinal);
        var invalid = Assert.Single(bad, e => e.Message.Contains("parameter 'port' is integer, not 'twenty-five'", StringComparison.Ordinal));
        Assert.Equal(LabAgentsSample.LineOf("params: {port:", yaml), invalid.Location.Line);
        Assert.Equal(yaml.Split('\n')[invalid.Location.Line - 1].IndexOf("port", StringComparison.Ordinal) + 1, invalid.Location.Column);
    }

    [Theory]
    [InlineData("/nonexistent/ocf/labapp", "not found")]
    [InlineData("ocf:heartbeat:NoSuchAgent", "not found")]
    public async Task AnAgentMissingOnThisHost_IsAWarning_NotValidated_NeverAnError(string script, string why)
    {
        var yaml = MetadataSamples.WithScriptService(script, "{config: /etc/labapp.conf}");

        var found = await CheckAsync(yaml);

        var warning = Assert.Single(found);
        Assert.True(warning.IsWarning);
        Assert.Equal(LabAgentsSample.LineOf("- name: postfix", yaml), warning.Location.Line);
        Assert.Contains($"Service 'postfix' of hierarchy 'exch1' ({script}): not validated:", warning.Message, StringComparison.Ordinal);
        Assert.Contains(why, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetadataThatTimesOut_OrIsNotXml_IsAWarning_WithinTheTimeout()
    {
        var slow = _scratch.Script("slow", "sleep 30");
        var babbling = _scratch.Script("babbling", "echo hello; exit 0");
        var clock = Stopwatch.StartNew();

        var timedOut = await CheckAsync(MetadataSamples.WithScriptService(slow, "{config: x}"), TimeSpan.FromSeconds(1));
        var notXml = await CheckAsync(MetadataSamples.WithScriptService(babbling, "{config: x}"), TimeSpan.FromSeconds(1));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        Assert.Contains("not validated:", Assert.Single(timedOut, e => e.IsWarning).Message, StringComparison.Ordinal);
        Assert.Contains("timed out", timedOut[0].Message, StringComparison.Ordinal);
        Assert.Contains("not XML", Assert.Single(notXml, e => e.IsWarning).Message, StringComparison.Ordinal);
    }

    public void Dispose() => _scratch.Dispose();
}
