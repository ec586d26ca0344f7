using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Storage.Sqlite;
using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Commands.ApplyCluster;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.GetProcedure;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Queries.ListProcedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.World;
using Orchestrator.Host.Composition;
using Orchestrator.Host.Credentials;
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

                // the failover moves users, so it needs the directory credentials (issue 16, S15)
                await started.GetRequiredService<DirectoryCredentialWriter>().SetAsync(TestOrchestrator.DirectoryUser, TestOrchestrator.DirectoryPassword, "tester", CancellationToken.None);
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

    /// <summary>The N+1 sample with a fourth primary, node5, and its hierarchy exch4 (on node5, spare node4).</summary>
    private static string NPlusOneWithNode5()
    {
        var yaml = Samples.Read("n-plus-1");
        var exch4 = yaml[yaml.IndexOf("  - name: exch3\n", StringComparison.Ordinal)..]
            .Replace("exch3", "exch4", StringComparison.Ordinal).Replace("EXCH3", "EXCH4", StringComparison.Ordinal)
            .Replace("node3: 1", "node5: 1", StringComparison.Ordinal).Replace("10.0.0.103", "10.0.0.105", StringComparison.Ordinal)
            .Replace("mail3.", "mail5.", StringComparison.Ordinal)
            .Replace("name: K\n", "name: S\n", StringComparison.Ordinal).Replace("name: L\n", "name: T\n", StringComparison.Ordinal)
            .Replace("name: M\n", "name: U\n", StringComparison.Ordinal);
        return yaml
            .Replace("paths:\n", "  - name: node5\n    address: 10.0.0.15\npaths:\n  - between: [node5, node4]\n", StringComparison.Ordinal)
            .TrimEnd('\n') + "\n" + exch4;
    }

    [Fact]
    public async Task AnApplyInterruptedWhileTheMonitorRuns_IsReconciledOnceItHasSettled_SoTheOtherHierarchiesStillFailOver()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: Samples.Read("n-plus-1"));
        var yaml = NPlusOneWithNode5();
        Assert.Contains("node5: 1", yaml, StringComparison.Ordinal);
        var reconciler = o.Get<WorldReconciler>();

        // Just stored: its own apply may still be seeding, so it is left alone for one monitor interval.
        await InterruptedApply.StoreWithoutSeedingAsync(o, yaml, DateTimeOffset.UtcNow);
        Assert.Null(await reconciler.ReconcileAsync(TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.DoesNotContain((await o.World.SnapshotAsync(CancellationToken.None)).Nodes, n => n.Name == "node5");

        // The same definition stored a minute ago (the apply died long since): the monitor's next round seeds it.
        await InterruptedApply.StoreWithoutSeedingAsync(o, yaml + "# applied again\n", DateTimeOffset.UtcNow.AddMinutes(-1));
        var monitor = o.Get<HealthMonitor>();
        await o.World.FailNodeAsync("node2");
        for (var i = 0; i < 3; i++)
        {
            await monitor.CheckOnceAsync(CancellationToken.None);
        }

        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.True(world.Node("node5").Up);
        Assert.Equal(["node5"], world.InServiceNodes("exch4"));
        var reconciled = Assert.Single(await o.Mediator.Send(new ListAuditQuery(null, null)), r => r.TriggerName == WorldReconciler.Trigger);
        Assert.Contains("node node5, hierarchy exch4 (in service on node5)", reconciled.Reason, StringComparison.Ordinal);
        var failover = Assert.Single(await o.Mediator.Send(new ListProceduresQuery("exch2")));
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(failover.Id)).State);
        Assert.Equal(["node4"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch2"));
    }

    /// <summary>
    /// Issue 15: at a start (every command that opens the stores) the world's own record of the version it was seeded from
    /// decides: an older one is reconciled at once, whatever the stored definition's age (here a clock ahead of this one), and
    /// a world that records the current one is left alone (no second reconcile, no second audit row).
    /// </summary>
    [Fact]
    public async Task AtStart_AWorldThatRecordsAnOlderVersion_IsReconciledAtOnce_AndACurrentOneIsLeftAlone()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: Samples.Read("n-plus-1"));
        var reconciler = o.Get<WorldReconciler>();
        var seeder = o.Get<IWorldSeeder>();
        Assert.Equal(1, await seeder.SeededVersionAsync(CancellationToken.None)); // the apply recorded it, last

        await InterruptedApply.StoreWithoutSeedingAsync(o, NPlusOneWithNode5(), DateTimeOffset.UtcNow.AddHours(1));
        Assert.Equal(2, await reconciler.ReconcileAtStartAsync(CancellationToken.None));

        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(["node5"], world.InServiceNodes("exch4"));
        Assert.Equal(2, await seeder.SeededVersionAsync(CancellationToken.None));
        Assert.Single(await o.Mediator.Send(new ListAuditQuery(null, null)), r => r.TriggerName == WorldReconciler.Trigger);

        Assert.Equal(2, await reconciler.ReconcileAtStartAsync(CancellationToken.None));
        Assert.Single(await o.Mediator.Send(new ListAuditQuery(null, null)), r => r.TriggerName == WorldReconciler.Trigger);
    }

    /// <summary>`cluster apply` killed after the definition was stored and before the world was seeded.</summary>
    private sealed class KilledBeforeSeeding : IWorldSeeder
    {
        public Task<IReadOnlyList<string>> SeedAsync(ClusterDefinition definition, CancellationToken cancellationToken) =>
            throw new OperationCanceledException("apply killed between storing the definition and seeding the world");

        public Task<long?> SeededVersionAsync(CancellationToken cancellationToken) => Task.FromResult<long?>(null);

        public Task RecordSeededAsync(long version, CancellationToken cancellationToken) =>
            throw new OperationCanceledException("apply killed before the world recorded the version");

        public Task EnsureIntactAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
