using Orchestrator.Domain.Cluster;
using Orchestrator.Environment.Agents.Tests.Support;
using Orchestrator.Environment.Ports;
using Orchestrator.Host.Composition;
using Orchestrator.Testing;

namespace Orchestrator.Environment.Agents.Tests;

public sealed class EnvironmentSelectionTests
{
    private static readonly AgentOptions Fast = new() { HealthTimeout = TimeSpan.FromMilliseconds(300) };

    [Fact]
    public async Task TheRealResourcePorts_FollowTheStoredDefinition_AppliedAfterStart()
    {
        await using var cluster = await FakeCluster.StartAsync();
        await using var orchestrator = await AgentsOrchestrator.StartAsync(File.ReadAllText(Samples.TwoNode), Fast);
        var selector = orchestrator.Get<EnvironmentSelector>();
        var probe = orchestrator.Get<INodeProbe>();
        Assert.Equal(ClusterEnvironment.Simulated, await selector.CurrentAsync(CancellationToken.None));
        Assert.True(await probe.IsUpAsync("node1", CancellationToken.None)); // the simulated world's node1
        Assert.Empty(cluster.Node1.Actions);

        await orchestrator.ApplyAsync(cluster.Yaml);
        await orchestrator.Get<Orchestrator.Host.Monitoring.HealthMonitor>().CheckOnceAsync(CancellationToken.None); // a round reads the definition in force

        Assert.Equal(ClusterEnvironment.Agents, await selector.CurrentAsync(CancellationToken.None));
        await cluster.Node1.DisposeAsync();
        Assert.False(await probe.IsUpAsync("node1", CancellationToken.None)); // now node1's agent: every path refuses
        Assert.Null(await ((IObservationMark)probe).ObservationMarkAsync(CancellationToken.None)); // an agent cannot mark its answers
        Assert.Same(probe, orchestrator.Get<IAddressControl>());
        Assert.IsType<Orchestrator.Environment.World.SimulatedPublicFolders>(orchestrator.Get<IPublicFolderControl>()); // the directory work stays simulated
    }
}
