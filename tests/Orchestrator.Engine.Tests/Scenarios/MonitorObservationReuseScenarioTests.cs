using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Queries.ListProcedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;
using Orchestrator.Host.Monitoring;
using Orchestrator.Workflows;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>
/// Issue 11 (idle serve): a round asks the world again only when its observation mark (<see cref="IObservationMark"/>)
/// moved since the answers were given — a write of this process or of another one (the CLI's <c>world fail-node</c>) —
/// so a quiet round reads nothing, and a failure is still counted from the first round after it, as before.
/// </summary>
public sealed class MonitorObservationReuseScenarioTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task AQuietRound_AsksTheWorldNothing_WhenNothingWasWrittenSinceTheLastRound()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: Samples.Read("n-plus-1"));
        var edge = new CountingEdge(o.World);
        var monitor = Monitor(o, edge);
        await monitor.CheckOnceAsync(None);
        var first = edge.Calls;

        await monitor.CheckOnceAsync(None);
        await monitor.CheckOnceAsync(None);

        Assert.Equal((1, 1, 1), first);
        Assert.Equal(first, edge.Calls);
    }

    [Fact]
    public async Task ANodeFailedByAnotherProcess_IsFailedOverAfterTheThreshold_AsWhenEveryRoundAsks()
    {
        await using var o = await TestOrchestrator.StartAsync();
        var edge = new CountingEdge(o.World);
        var monitor = Monitor(o, edge);
        await monitor.CheckOnceAsync(None);
        await monitor.CheckOnceAsync(None); // quiet: answered from the first round

        // Another process on the same world file, as `orchestrator world fail-node` is.
        await new SimulatedWorld(new SqliteWorldStateStore(o.Get<SqliteWorldStateStore>().FilePath), TimeProvider.System).FailNodeAsync("node1");
        await monitor.CheckOnceAsync(None);
        var asked = edge.Calls;
        await monitor.CheckOnceAsync(None);
        Assert.Empty(await o.Mediator.Send(new ListProceduresQuery("exch1"))); // two failed checks: below the threshold of 3

        await monitor.CheckOnceAsync(None);

        Assert.Equal(2, asked.Nodes); // the round after the write asked again
        var failover = Assert.Single(await o.Mediator.Send(new ListProceduresQuery("exch1")));
        Assert.Equal(("failover", "monitor"), (failover.Kind, failover.RequestedBy));
        Assert.Contains("node1 unreachable on 1/1 paths from live peers (node2) on 3 consecutive checks", failover.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANodeWithAServiceStillStarting_IsReadAgainEveryRound_ItsProbeIsNot()
    {
        await using var o = await TestOrchestrator.StartAsync();
        await o.World.SetStartDelayAsync("SMTPSVC", TimeSpan.FromHours(1));
        await o.World.EnsureStoppedAsync("node1", "SMTPSVC", new EffectKey(99, 1, 1), None);
        await o.World.EnsureStartedAsync("node1", "SMTPSVC", new EffectKey(99, 2, 1), None);
        var edge = new CountingEdge(o.World);
        var monitor = Monitor(o, edge);
        await monitor.CheckOnceAsync(None);

        await monitor.CheckOnceAsync(None);

        Assert.Equal((1, 1, 2), edge.Calls); // starting becomes running with time alone: that answer is not kept
        Assert.Empty(await o.Mediator.Send(new ListProceduresQuery("exch1"))); // starting is in service
    }

    private static HealthMonitor Monitor(TestOrchestrator o, CountingEdge edge) =>
        ActivatorUtilities.CreateInstance<HealthMonitor>(o.Get<IServiceProvider>(), (INodeProbe)edge, (IPathProbe)edge, (INodeResourceProbe)edge);

    /// <summary>The world's probes and resource reads at its edge, with its mark, counting the batched calls.</summary>
    private sealed class CountingEdge(SimulatedWorld world) : INodeProbe, IPathProbe, INodeResourceProbe, IObservationMark
    {
        private int _nodes;
        private int _paths;
        private int _resources;

        public (int Nodes, int Paths, int Resources) Calls => (Volatile.Read(ref _nodes), Volatile.Read(ref _paths), Volatile.Read(ref _resources));

        public Task<bool> IsUpAsync(string node, CancellationToken cancellationToken) => world.IsUpAsync(node, cancellationToken);

        public Task<IReadOnlyList<NodeProbeAnswer>> ProbeNodesAsync(IReadOnlyList<string> nodes, int parallelism, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _nodes);
            return world.ProbeNodesAsync(nodes, parallelism, cancellationToken);
        }

        public Task<bool> IsPathUpAsync(string nodeA, string nodeB, CancellationToken cancellationToken) => world.IsPathUpAsync(nodeA, nodeB, cancellationToken);

        public Task<IReadOnlyList<PathProbeAnswer>> ProbePathsAsync(
            IReadOnlyList<(string NodeA, string NodeB)> paths, int parallelism, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _paths);
            return world.ProbePathsAsync(paths, parallelism, cancellationToken);
        }

        public Task<NodeResources> ReadResourcesAsync(NodeResourceQuery query, CancellationToken cancellationToken) =>
            world.ReadResourcesAsync(query, cancellationToken);

        public Task<IReadOnlyList<NodeResourcesRead>> ReadAllResourcesAsync(
            IReadOnlyList<NodeResourceQuery> queries, int parallelism, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _resources);
            return world.ReadAllResourcesAsync(queries, parallelism, cancellationToken);
        }

        public Task<long?> ObservationMarkAsync(CancellationToken cancellationToken) => ((IObservationMark)world).ObservationMarkAsync(cancellationToken);
    }
}
