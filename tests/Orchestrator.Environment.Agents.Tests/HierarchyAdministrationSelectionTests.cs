using Orchestrator.Domain.Cluster;
using Orchestrator.Environment.Agents.Tests.Support;
using Orchestrator.Environment.Ports;
using Orchestrator.Host.Composition;
using Orchestrator.Testing;

namespace Orchestrator.Environment.Agents.Tests;

/// <summary>
/// S10–S13: hierarchy administration follows the stored definition's environment: the simulated world answers and
/// changes; the agents (which do not administer hierarchies yet) answer unknown and refuse every change, naming the fix.
/// </summary>
public sealed class HierarchyAdministrationSelectionTests
{
    private static readonly AgentOptions Fast = new() { HealthTimeout = TimeSpan.FromMilliseconds(300) };
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_simulated_world_answers_and_the_agents_say_unknown_and_refuse_changes()
    {
        await using var cluster = await FakeCluster.StartAsync();
        await using var orchestrator = await AgentsOrchestrator.StartAsync(File.ReadAllText(Samples.TwoNode), Fast);
        var administration = orchestrator.Get<IHierarchyAdministration>();
        Assert.Equal(["node1", "node2"], await administration.HierarchyNodesAsync("exch1", None));
        Assert.NotNull(await administration.ReadStoreNamesAsync("node2", "EXCH1", None));
        Assert.NotNull(await administration.ReadExchangeDataAsync("node1", "EXCH1", None));

        await orchestrator.ApplyAsync(cluster.Yaml);
        await orchestrator.Get<Orchestrator.Host.Monitoring.HealthMonitor>().CheckOnceAsync(None); // a round reads the definition in force
        Assert.Equal(ClusterEnvironment.Agents, await orchestrator.Get<EnvironmentSelector>().CurrentAsync(None));

        Assert.Null(await administration.ReadStoreNamesAsync("node2", "EXCH1", None));
        Assert.Null(await administration.ReadExchangeDataAsync("node1", "EXCH1", None));
        Assert.Empty(await administration.HierarchyNodesAsync("exch1", None));
        Assert.Empty(await administration.DeletedOnBackupAsync(None));
        var refused = await Assert.ThrowsAsync<EnvironmentException>(() => administration.UnextendAsync("node2", "exch1", new EffectKey(1, 1, 1), None));
        Assert.False(refused.Transient);
        Assert.Contains("unextending hierarchy exch1 from node2: the agent environment does not administer hierarchies yet", refused.Message, StringComparison.Ordinal);
        Assert.Contains("orchestrator cluster apply", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<EnvironmentException>(() => administration.DeleteAsync("exch1", null, "node1", new EffectKey(1, 2, 1), None));
        Assert.Equal(["node1", "node2"], await orchestrator.Get<Orchestrator.Environment.World.SimulatedWorld>().HierarchyNodesAsync("exch1", None)); // nothing changed in the world

        // A tombstone in the simulated world is not the agents': they have no users to move back.
        var world = orchestrator.Get<Orchestrator.Environment.World.SimulatedWorld>();
        await world.SeedUsersAsync([("alice", "contoso", "node2")], None);
        Assert.True(await world.DeleteAsync("exch1", "node2", "node1", new EffectKey(1, 3, 1), None));
        Assert.Equal(["alice"], await world.UsersToMoveBackAsync("exch1", None));
        Assert.Empty(await administration.UsersToMoveBackAsync("exch1", None));
    }
}
