using Orchestrator.Engine.Errors;
using Orchestrator.Environment.Agents.Tests.Support;
using Orchestrator.Storage.Definitions;

namespace Orchestrator.Environment.Agents.Tests;

/// <summary>
/// The meta-data check is the apply command's, not only the CLI's: the in-process path (the Mediator command the demo and
/// the CLI send) reads the file through the same reader, so a file the CLI refuses is refused there too, changing nothing.
/// </summary>
public sealed class ApplyHandlerMetadataTests
{
    [SkippableFact]
    public async Task TheApplyCommand_RefusesAnIPaddr2WithoutIp_AndKeepsTheDefinitionItHad()
    {
        Skip.IfNot(MetadataSamples.ResourceAgentsInstalled, MetadataSamples.NoResourceAgents);
        await using var cluster = await FakeCluster.StartAsync();
        await using var orchestrator = await AgentsOrchestrator.StartAsync(cluster.Yaml, new AgentOptions { HealthTimeout = TimeSpan.FromMilliseconds(300) });
        var store = orchestrator.Get<IClusterDefinitionStore>();
        var before = await store.GetCurrentAsync(CancellationToken.None);
        const string Interface = "      interface: lab0\n";
        Assert.Contains(Interface, cluster.Yaml, StringComparison.Ordinal);
        var withoutIp = cluster.Yaml.Replace(Interface, "      script: ocf:heartbeat:IPaddr2\n      params: {cidr_netmask: 24, nic: lab0}\n", StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<DefinitionInvalidException>(() => orchestrator.ApplyAsync(withoutIp));

        Assert.Contains(refused.Errors, e => e.Contains("ocf:heartbeat:IPaddr2 requires parameter 'ip'", StringComparison.Ordinal));
        var after = await store.GetCurrentAsync(CancellationToken.None);
        Assert.Equal(before?.Sha256, after?.Sha256);
        Assert.NotNull(after);
    }
}
