using System.Text.Json;
using Orchestrator.Environment.Agents.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.Environment.Agents.Tests;

/// <summary>
/// Issue 14 (ClusterLabs point), through the built CLI: <c>cluster validate</c> and <c>cluster apply</c> of an agents
/// file check its resources against their agents' meta-data — an error is file:line:col, exit 2, nothing applied; an
/// agent missing on this host is a warning (stderr, and in --json), exit 0.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ResourceMetadataCliTests : IDisposable
{
    private readonly TempDataDir _dir = new();

    /// <summary><paramref name="yaml"/> with its token files pointing at one that exists, for its owner only (what apply checks first).</summary>
    private string Write(string yaml)
    {
        var token = _dir.Sibling("agent.token");
        File.WriteAllText(token, "token-of-the-test");
        File.SetUnixFileMode(token, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var file = _dir.Sibling("lab.yaml");
        File.WriteAllText(file, yaml.Replace("/etc/orchestrator/agent.token", token, StringComparison.Ordinal));
        return file;
    }

    [SkippableFact]
    public async Task AnIPaddr2WithoutIp_IsRefusedByValidateAndApply_AtItsLine_Exit2_NothingApplied()
    {
        Skip.IfNot(MetadataSamples.ResourceAgentsInstalled, MetadataSamples.NoResourceAgents);
        var yaml = LabAgentsSample.With("      interface: lab0", "      script: ocf:heartbeat:IPaddr2\n      params: {cidr_netmask: 24, nic: lab0}");
        var file = Write(yaml);
        var line = LabAgentsSample.LineOf("address: 198.18.7.100/24", yaml);

        foreach (var verb in new[] { "validate", "apply" })
        {
            var result = (await _dir.RunAsync("cluster", verb, file)).ShouldExitWith(2);
            Assert.Contains(result.ErrorLines, l => l.StartsWith($"{file}:{line}:7: The ip 198.18.7.100 of hierarchy 'exch1': resource agent ocf:heartbeat:IPaddr2 requires parameter 'ip'", StringComparison.Ordinal)
                && l.Contains("Fix: Add 'ip: <value>'", StringComparison.Ordinal));
        }

        Assert.False(Directory.Exists(_dir.Path), "a refused definition must not create the data directory");
    }

    [Fact]
    public async Task AnAgentMissingOnThisHost_IsAWarning_OnValidateAndApply_Exit0_AndInJson()
    {
        var yaml = MetadataSamples.WithScriptService("/nonexistent/ocf/labapp", "{config: /etc/labapp.conf}");
        var file = Write(yaml);
        var line = LabAgentsSample.LineOf("- name: postfix", yaml);
        var warning = $"{file}:{line}:11: warning: Service 'postfix' of hierarchy 'exch1' (/nonexistent/ocf/labapp): not validated:";

        var validated = (await _dir.RunAsync("cluster", "validate", file)).ShouldExitWith(0);
        var json = (await _dir.RunAsync("cluster", "validate", file, "--json")).ShouldExitWith(0);
        var applied = (await _dir.RunAsync("cluster", "apply", file)).ShouldExitWith(0);

        Assert.Contains(validated.ErrorLines, l => l.StartsWith(warning, StringComparison.Ordinal));
        Assert.Contains(applied.ErrorLines, l => l.StartsWith(warning, StringComparison.Ordinal));
        using var document = JsonDocument.Parse(json.StdOut);
        Assert.Equal("lab-mail", document.RootElement.GetProperty("cluster").GetString());
        var reported = Assert.Single(document.RootElement.GetProperty("warnings").EnumerateArray());
        Assert.Equal(line, reported.GetProperty("line").GetInt32());
        Assert.Contains("not validated:", reported.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
