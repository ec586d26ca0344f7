using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;
using Orchestrator.Host.Monitoring;
using Orchestrator.Workflows;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>Issue 11 point 2: a round probes nodes concurrently (bounded) and reads each node's resources once.</summary>
public sealed class MonitorScaleScenarioTests
{
    [Fact]
    public async Task ARound_ProbesNodesConcurrently_NeverMoreThanTheConfiguredParallelism()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: Samples.Read("n-plus-1"));
        var probe = new OverlapCountingProbe(o.World);
        var options = new EngineOptions { MonitorParallelism = 2 };
        var monitor = ActivatorUtilities.CreateInstance<HealthMonitor>(o.Get<IServiceProvider>(), (INodeProbe)probe, options);

        await monitor.CheckOnceAsync(CancellationToken.None);

        Assert.Equal(4, probe.Calls); // each of the four nodes once
        Assert.Equal(2, probe.MostAtOnce);
    }

    [Fact]
    public async Task ARound_ReadsEachNodesResourcesOnce_WithEveryResourceOfTheHierarchiesOnIt()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: Samples.Read("n-plus-1"));
        var reads = new RecordingResourceProbe(o.World);
        var monitor = ActivatorUtilities.CreateInstance<HealthMonitor>(o.Get<IServiceProvider>(), (INodeResourceProbe)reads);

        await monitor.CheckOnceAsync(CancellationToken.None);
        await o.World.FailServiceAsync("node2", "MSExchangeIS");
        await monitor.CheckOnceAsync(CancellationToken.None);

        Assert.Equal(["node1", "node1", "node2", "node2", "node3", "node3"], reads.Queries.Select(q => q.Node).Order(StringComparer.Ordinal));
        var node2 = reads.Queries.First(q => q.Node == "node2");
        Assert.Equal(["H", "I", "J"], node2.Volumes.Order(StringComparer.Ordinal));
        Assert.Equal(5, node2.Services.Count);
        Assert.Equal(["10.0.0.102"], node2.Addresses);
        Assert.Equal([new DnsRecordName("A", "mail2.example.com")], node2.Dns);
        // The failed service is still seen from the one read: counted towards the threshold, nothing started yet.
        Assert.Empty(await o.Store.ListAsync("exch2", 10, CancellationToken.None));
    }

    /// <summary>The node probe at the edge of the world, holding each answer a moment and counting how many overlap.</summary>
    private sealed class OverlapCountingProbe(SimulatedWorld world) : INodeProbe
    {
        private int _now;
        private int _calls;
        private int _most;

        public int Calls => _calls;

        public int MostAtOnce => _most;

        public async Task<bool> IsUpAsync(string node, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            var now = Interlocked.Increment(ref _now);
            int most;
            while ((most = _most) < now && Interlocked.CompareExchange(ref _most, now, most) != most)
            {
            }

            try
            {
                await Task.Delay(50, cancellationToken);
                return await world.IsUpAsync(node, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _now);
            }
        }
    }

    /// <summary>The resource port at the edge of the world, recording every query.</summary>
    private sealed class RecordingResourceProbe(SimulatedWorld world) : INodeResourceProbe
    {
        private readonly List<NodeResourceQuery> _queries = [];

        public IReadOnlyList<NodeResourceQuery> Queries
        {
            get
            {
                lock (_queries)
                {
                    return [.. _queries];
                }
            }
        }

        public Task<NodeResources> ReadResourcesAsync(NodeResourceQuery query, CancellationToken cancellationToken)
        {
            lock (_queries)
            {
                _queries.Add(query);
            }

            return world.ReadResourcesAsync(query, cancellationToken);
        }
    }
}
