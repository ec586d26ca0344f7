using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Tests.Execution;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.World;
using Orchestrator.Storage.Replicas;
using Orchestrator.Storage.Sqlite;
using Orchestrator.Workflows.ReplicaListUpdate;

namespace Orchestrator.Engine.Tests.Replicas;

/// <summary>
/// Issue 12 point 5: replica-list batches run on the one claim mechanism of procedure steps — fencing tokens, a
/// heartbeated short lease, lease expiry as the only recovery — against a second runtime (another worker id) on the
/// same database.
/// </summary>
public sealed class ReplicaClaimTests
{
    private const int Folders = 30;
    private const int BatchSize = 10;

    private static EngineOptions ShortLease()
    {
        var options = TestOrchestrator.FastRetries();
        options.ClaimLease = TimeSpan.FromSeconds(1);
        return options;
    }

    private static string NewDirectory() => Path.Combine(Path.GetTempPath(), "orch-engine-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task AZombieBatch_WhoseClaimWasTakenOver_IsCancelled_ChecksPointsNothing_AndTheUpdateCompletesOnce()
    {
        var directory = NewDirectory();
        var awake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The zombie's heartbeat is paused (its renewals hang) until it wakes up, after its claim was taken over.
        await using var zombie = await ReplicaScenario.StartAsync(Folders, BatchSize, 1, TimeSpan.Zero, runsJobs: false, engine: ShortLease(), directory: directory,
            configure: s => s.AddSingleton(sp => InterceptedStore<IReplicaUpdateStore>.WithRenewalsHeldUntil(
                new SqliteReplicaUpdateStore(sp.GetRequiredService<SqliteConnectionFactory>()), awake.Task)));
        var updateId = await PlannedUpdateAsync(zombie);

        // Its batch 1 takes ten leases to write (a slow directory server); the takeover's writes have no latency.
        await zombie.World.SetLatencyAsync(EffectKind.PublicFolderWrite, TimeSpan.FromSeconds(1));
        var folders = zombie.Get<SimulatedPublicFolders>();
        var names = await folders.FoldersListingAsync("node1", CancellationToken.None);
        var zombieJob = Task.Run(() => zombie.Get<ReplicaBatchRunner>().RunAsync(updateId, 1, CancellationToken.None));
        await WaitUntilAsync(() => Task.FromResult(names.Any(n => !folders.IsAvailable(n)))); // its writes are under way
        await zombie.World.SetLatencyAsync(EffectKind.PublicFolderWrite, TimeSpan.Zero);

        await using var second = await TestOrchestrator.StartAsync(engine: ShortLease(), definitionYaml: ReplicaScenario.Yaml(BatchSize, 1), directory: directory);
        var done = await ReplicaScenario.CompletedAsync(second);
        awake.SetResult();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await zombieJob.WaitAsync(TimeSpan.FromSeconds(10));

        // Woken, the zombie's heartbeat finds its claim gone: its writes are cancelled at once, not finished.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"the zombie's writes ran on for {clock.Elapsed} after it lost its lease");
        Assert.Equal((ReplicaUpdateStates.Completed, (long)Folders, (long)Folders, 0L), (done.State, done.Done, done.Changed, done.Failed));
        Assert.Equal((1, (long)BatchSize), await second.Get<IReplicaUpdateStore>().RedoneAsync(updateId, CancellationToken.None));
        var world = await second.Get<SimulatedPublicFolders>().SummaryAsync();
        Assert.Equal((Folders, 0, (long)Folders, (long)Folders), (world.PerServer.GetValueOrDefault("node2"), world.PerServer.GetValueOrDefault("node1"), world.Writes, world.Changes));
    }

    [Fact]
    public async Task ABatchWrittenForThreeLeases_KeepsItsClaim_AgainstASecondRuntime_AndIsWrittenOnce()
    {
        var directory = NewDirectory();
        await using var first = await ReplicaScenario.StartAsync(Folders, BatchSize, 1, TimeSpan.Zero, engine: ShortLease(), directory: directory);
        await first.World.SetLatencyAsync(EffectKind.PublicFolderWrite, TimeSpan.FromMilliseconds(350)); // 3.5 s a batch: 3.5 leases
        await ReplicaScenario.FailOverAsync(first);
        await ReplicaScenario.WaitAsync(first, v => v.State == ReplicaUpdateStates.Running);

        // A second runtime sweeps the same tables all along: a batch whose lease were not renewed would be taken over.
        await using var second = await TestOrchestrator.StartAsync(engine: ShortLease(), definitionYaml: ReplicaScenario.Yaml(BatchSize, 1), directory: directory);
        var done = await ReplicaScenario.CompletedAsync(first);

        Assert.Equal((ReplicaUpdateStates.Completed, (long)Folders, 0), (done.State, done.Done, done.RedoneBatches));
        var world = await first.Get<SimulatedPublicFolders>().SummaryAsync();
        Assert.Equal((Folders, (long)Folders, (long)Folders, 0), (world.PerServer.GetValueOrDefault("node2"), world.Writes, world.Changes, world.FoldersWrittenMoreThanOnce));
    }

    [Fact]
    public async Task ABatchInterruptedByAnInfrastructureFailure_IsGivenBackAtOnce_NotLeftRunningUntilItsLeaseEnds()
    {
        var busy = 1;
        await using var o = await ReplicaScenario.StartAsync(Folders, BatchSize, 1, TimeSpan.Zero, runsJobs: false,
            configure: s => s.AddSingleton(sp => InterceptedStore<IReplicaUpdateStore>.Around(
                new SqliteReplicaUpdateStore(sp.GetRequiredService<SqliteConnectionFactory>()),
                (name, _) => name == nameof(IReplicaUpdateStore.CheckpointAsync) && Interlocked.Exchange(ref busy, 0) == 1
                    ? Task.FromException<ReplicaCheckpointOutcome>(new Microsoft.Data.Sqlite.SqliteException("database is locked", 5))
                    : null)));
        var updateId = await PlannedUpdateAsync(o);

        // The checkpoint of batch 1 meets a busy database: the job fails (Hangfire retries it), and the batch is ready again now.
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => o.Get<ReplicaBatchRunner>().RunAsync(updateId, 1, CancellationToken.None));
        var now = o.Get<TimeProvider>().GetUtcNow();
        var (due, inFlight) = await o.Get<IReplicaUpdateStore>().SchedulableBatchesAsync(updateId, "another-worker", now, now, 10, CancellationToken.None);
        Assert.Equal([1, 2, 3], due);
        Assert.Equal(0, inFlight);

        await o.Get<ReplicaBatchRunner>().RunAsync(updateId, 1, CancellationToken.None); // the retry runs the chain to its end
        Assert.Equal((long)Folders, (await ReplicaScenario.LatestAsync(o))!.Done);
    }

    /// <summary>Fails node1 and runs the failover and the update's planning in this process (which runs no jobs): batches are left ready.</summary>
    private static async Task<long> PlannedUpdateAsync(TestOrchestrator o)
    {
        await o.World.FailNodeAsync("node1");
        var started = (await o.FailoverAsync("node1 failed")).Started!;
        await o.Get<ProcedureRunner>().RunAsync(started.Id, 1, CancellationToken.None);
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(started.Id)).State);
        var update = (await ReplicaScenario.LatestAsync(o))!;
        await o.Get<ReplicaUpdatePlanner>().PlanAsync(update.Id, CancellationToken.None);
        Assert.Equal(ReplicaUpdateStates.Running, (await ReplicaScenario.LatestAsync(o))!.State);
        return update.Id;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold in time");
            await Task.Delay(10);
        }
    }
}
