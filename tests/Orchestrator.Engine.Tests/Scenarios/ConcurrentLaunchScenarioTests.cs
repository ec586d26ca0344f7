using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Tests.Execution;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Host.Monitoring;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Sqlite;
using Orchestrator.Workflows;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>
/// Issue 13 storm: a monitor round decides its failovers one after another, in order, on the round's observation, and
/// launches them (the creating transaction, the first step's dispatch) concurrently, at most the parallelism at once.
/// The store's create is slowed here, so launches that run one after another never overlap.
/// </summary>
public sealed class ConcurrentLaunchScenarioTests
{
    private static readonly TimeSpan SlowCreate = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task ThreePrimariesCompetingForTheSpare_OnlyTheFirstTakesIt_WhileTheLaunchesOverlap()
    {
        var creates = new CreateGauge();
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: SpareAndStandby(), configure: s => s.AddSingleton(sp =>
            creates.Around(new SqliteProcedureStore(sp.GetRequiredService<SqliteConnectionFactory>()))));
        foreach (var node in new[] { "node1", "node2", "node3" })
        {
            await o.World.FailNodeAsync(node);
        }

        await o.Get<HealthMonitor>().CheckOnceAsync(CancellationToken.None);

        var failovers = (await o.Store.ListAsync(null, 50, CancellationToken.None)).Where(p => p.Kind == "failover").ToList();
        var spare = Assert.Single(failovers, f => f.TargetNode == "node4");
        Assert.Equal("exch1", spare.Hierarchy); // decided in order: the first decision takes the spare
        Assert.Equal(["exch2", "exch3"], failovers.Where(f => f.TargetNode == "node5").Select(f => f.Hierarchy).Order(StringComparer.Ordinal));
        Assert.True(creates.MaxInFlight >= 2, $"the round's launches ran one after another (at most {creates.MaxInFlight} create in flight)");
        foreach (var failover in failovers)
        {
            Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(failover.Id)).State);
        }
    }

    [Fact]
    public async Task ALaunchThatThrows_DoesNotStopTheOthersInFlight_AndIsAskedAgainNextRound()
    {
        var creates = new CreateGauge { Fails = "exch1" };
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: StormScenarioTests.Cluster(3), configure: s => s.AddSingleton(sp =>
            creates.Around(new SqliteProcedureStore(sp.GetRequiredService<SqliteConnectionFactory>()))));
        foreach (var node in new[] { "node1", "node2", "node3" })
        {
            await o.World.FailNodeAsync(node);
        }

        var monitor = o.Get<HealthMonitor>();
        await monitor.CheckOnceAsync(CancellationToken.None);

        var failovers = (await o.Store.ListAsync(null, 50, CancellationToken.None)).Where(p => p.Kind == "failover").ToList();
        Assert.Equal(["exch2", "exch3"], failovers.Select(f => f.Hierarchy).Order(StringComparer.Ordinal));
        Assert.True(creates.MaxInFlight >= 2, $"the round's launches ran one after another (at most {creates.MaxInFlight} create in flight)");

        creates.Fails = null;
        await monitor.CheckOnceAsync(CancellationToken.None); // the failed launch is asked again
        var settled = await StormScenarioTests.SettledFailoversAsync(o, 3);
        Assert.Equal(["node4", "node5", "node6"], settled.OrderBy(f => f.Hierarchy, StringComparer.Ordinal).Select(f => f.TargetNode));
    }

    /// <summary>The N+1 sample with a standby node5 (no primary, not the spare) behind the spare for every hierarchy.</summary>
    private static string SpareAndStandby()
    {
        var yaml = Samples.Read("n-plus-1").Replace("settings:\n", "settings:\n  failure-threshold: 1\n", StringComparison.Ordinal)
            .Replace("    spare: true\npaths:\n", "    spare: true\n  - name: node5\n    address: 10.0.0.15\npaths:\n  - between: [node1, node5]\n  - between: [node2, node5]\n  - between: [node3, node5]\n  - between: [node4, node5]\n", StringComparison.Ordinal);
        foreach (var k in new[] { 1, 2, 3 })
        {
            yaml = yaml.Replace($"      node{k}: 1\n      node4: 10\n", $"      node{k}: 1\n      node4: 10\n      node5: 20\n", StringComparison.Ordinal);
        }

        Assert.Equal(3, yaml.Split("node5: 20").Length - 1);
        return yaml;
    }

    /// <summary>A procedure store whose create takes <see cref="SlowCreate"/> and counts how many run at once.</summary>
    private sealed class CreateGauge
    {
        private int _inFlight;
        private int _max;

        public int MaxInFlight => Volatile.Read(ref _max);

        /// <summary>A hierarchy whose create fails (after the same delay), or null.</summary>
        public volatile string? Fails;

        public IProcedureStore Around(IProcedureStore inner) => InterceptedProcedureStore.Around(inner, (name, args) =>
            name == nameof(IProcedureStore.CreateAsync) && args[0] is NewProcedure { Kind: "failover" } procedure
                ? CreateAsync(inner, procedure, (IReadOnlyList<PlannedStep>)args[1]!, (Storage.Audit.NewAuditEntry)args[2]!, (CancellationToken)args[3]!)
                : null);

        private async Task<long> CreateAsync(IProcedureStore inner, NewProcedure procedure, IReadOnlyList<PlannedStep> plan, Storage.Audit.NewAuditEntry audit, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(now);
            try
            {
                await Task.Delay(SlowCreate, cancellationToken);
                if (string.Equals(Fails, procedure.Hierarchy, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"the create of {procedure.Hierarchy}'s failover failed (test)");
                }

                return await inner.CreateAsync(procedure, plan, audit, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        private void InterlockedMax(int value)
        {
            int seen;
            while (value > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, value, seen) != seen)
            {
            }
        }
    }
}
