using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Commands.ApplyCluster;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.GetProcedure;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Queries.ListProcedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.World;
using Orchestrator.Host.Composition;
using Orchestrator.Host.Monitoring;
using Orchestrator.Host.Runtime;
using Orchestrator.Storage;
using Orchestrator.Storage.Definitions;
using Orchestrator.Workflows;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>
/// Issue 10 point 8: a `cluster apply` killed between storing the definition and seeding the world leaves a world
/// that lacks what the definition declares; every start of the orchestrator reconciles the world with the stored
/// definition, so the monitor sees the cluster and fails it over.
/// </summary>
public sealed class WorldReconcileScenarioTests
{
    /// <summary>The orchestrator's composition on <paramref name="directory"/>, as serve builds it, without applying anything.</summary>
    private static ServiceProvider Compose(string directory, Action<IServiceCollection>? replace = null)
    {
        new OrchestratorDatabase(directory).EnsureCreated();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOrchestrator(new OrchestratorOptions { DataDirectory = directory, RunsJobs = true, Engine = TestOrchestrator.FastRetries() });
        replace?.Invoke(services);
        return services.BuildServiceProvider();
    }

    private static async Task<Views.ProcedureView> SettledAsync(IMediator mediator, long id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var view = await mediator.Send(new GetProcedureQuery(id));
            if (!view.IsActive || view.State == ProcedureStates.WaitingForOperator)
            {
                return view;
            }

            Assert.True(DateTime.UtcNow < deadline, $"procedure #{id} still {view.State} after the timeout");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task ADefinitionStoredButNeverSeeded_IsSeededAtStart_SoANodeFailureIsFailedOver_AndARestartDisturbsNothing()
    {
        var directory = Path.Combine(Path.GetTempPath(), "orch-engine-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using (var killed = Compose(directory, s => s.AddSingleton<IWorldSeeder, KilledBeforeSeeding>()))
            {
                var file = Path.Combine(directory, "cluster.yaml");
                await File.WriteAllTextAsync(file, Samples.Read("two-node"));
                await Assert.ThrowsAsync<OperationCanceledException>(async () => await killed.GetRequiredService<IMediator>().Send(new ApplyClusterCommand(file, "tester")));
                Assert.NotNull(await killed.GetRequiredService<IClusterDefinitionStore>().GetCurrentAsync(CancellationToken.None));
                Assert.Empty((await killed.GetRequiredService<SimulatedWorld>().SnapshotAsync(CancellationToken.None)).Nodes);
            }

            SqliteConnection.ClearAllPools();
            await using (var started = Compose(directory))
            {
                await started.GetRequiredService<OrchestratorRuntime>().StartAsync(CancellationToken.None);
                var mediator = started.GetRequiredService<IMediator>();
                var world = started.GetRequiredService<SimulatedWorld>();
                Assert.Equal(["node1"], (await world.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
                var reconciled = Assert.Single(await mediator.Send(new ListAuditQuery(null, null)), r => r.TriggerName == "Reconcile");
                Assert.Contains("node node1", reconciled.Reason, StringComparison.Ordinal);
                Assert.Contains("hierarchy exch1", reconciled.Reason, StringComparison.Ordinal);

                await world.FailNodeAsync("node1");
                var monitor = started.GetRequiredService<HealthMonitor>();
                for (var i = 0; i < 3; i++)
                {
                    await monitor.CheckOnceAsync(CancellationToken.None);
                }

                var failover = Assert.Single(await mediator.Send(new ListProceduresQuery("exch1")));
                Assert.Equal(ProcedureStates.Completed, (await SettledAsync(mediator, failover.Id)).State);
                Assert.Equal(["node2"], (await world.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
                (await world.SnapshotAsync(CancellationToken.None)).AssertInvariants();
            }

            SqliteConnection.ClearAllPools();
            await using (var restarted = Compose(directory))
            {
                await restarted.GetRequiredService<OrchestratorRuntime>().StartAsync(CancellationToken.None);
                var snapshot = await restarted.GetRequiredService<SimulatedWorld>().SnapshotAsync(CancellationToken.None);
                Assert.Equal(["node2"], snapshot.InServiceNodes("exch1")); // reconciling adds what is missing; it moves nothing
                Assert.True(snapshot.Node("node1").Fenced);
                Assert.Single(await restarted.GetRequiredService<IMediator>().Send(new ListAuditQuery(null, null)), r => r.TriggerName == "Reconcile");
                snapshot.AssertInvariants();
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>`cluster apply` killed after the definition was stored and before the world was seeded.</summary>
    private sealed class KilledBeforeSeeding : IWorldSeeder
    {
        public Task<IReadOnlyList<string>> SeedAsync(ClusterDefinition definition, CancellationToken cancellationToken) =>
            throw new OperationCanceledException("apply killed between storing the definition and seeding the world");
    }
}
