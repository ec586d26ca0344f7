using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Replicas;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>
/// The replica-list update store's behaviour beyond the claim contract — one update per move, supersession by a newer
/// move, the plan, checkpoints with retries and given-up folders, the re-queue of failures, the scheduler's view — as
/// every provider must keep it. A provider's test class opens its stores on a new, empty, migrated database.
/// </summary>
public abstract class ReplicaUpdateStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] MoveKinds = ["test"];
    private (IProcedureStore Procedures, IReplicaUpdateStore Updates)? _stores;

    /// <summary>The provider's stores, on one new, empty, migrated database.</summary>
    protected abstract (IProcedureStore Procedures, IReplicaUpdateStore Updates) OpenStores();

    private IProcedureStore Procedures => (_stores ??= OpenStores()).Procedures;

    private IReplicaUpdateStore Updates => (_stores ??= OpenStores()).Updates;

    /// <summary>A move of the hierarchy, completed (so that the next one may start).</summary>
    private async Task<long> MoveAsync(string hierarchy = "exch1")
    {
        var id = await Procedures.CreateAsync(
            new NewProcedure("test", hierarchy, "A", "node1", "node2", "alice", "because", 1, T0), [new("A", "x.one", "node1", "t1", 10)],
            new NewAuditEntry(T0, null, "test", hierarchy, null, "A", "Requested", "alice", "because"), CancellationToken.None);
        Assert.True((await Procedures.CommitTransitionAsync(new TransitionCommit(id, "A", 1, "Completed", false, null, null, [],
            [new NewAuditEntry(T0, id, "test", hierarchy, "A", "Completed", "StepSucceeded", "alice", "done")], null, T0), CancellationToken.None)).Committed);
        return id;
    }

    private Task<(ReplicaUpdateRecord Update, bool Created)> StartAsync(long move, string hierarchy = "exch1") => Updates.StartAsync(
        new NewReplicaUpdate(move, hierarchy, "node1", "node2", "Planning", 10, 2, "alice", T0),
        id => new NewAuditEntry(T0, null, "replica-list-update", hierarchy, null, "Planning", "Started", "alice", $"#{id}"),
        old => new NewAuditEntry(T0, null, "replica-list-update", hierarchy, old.State, "Superseded", "Superseded", "alice", $"#{old.Id} superseded"),
        CancellationToken.None);

    /// <summary>A running update of <paramref name="batches"/> batches of ten folders.</summary>
    private async Task<ReplicaUpdateRecord> RunningAsync(long move, int batches = 2, string hierarchy = "exch1")
    {
        var (update, _) = await StartAsync(move, hierarchy);
        var folders = Enumerable.Range(1, batches * 10).Select(i => $"pf{i:D2}").ToList();
        Assert.True(await Updates.CommitPlanAsync(new ReplicaPlan(
            new ReplicaUpdateTransition(update.Id, "Planning", update.Version, "Running", true,
                [new NewAuditEntry(T0, null, "replica-list-update", hierarchy, "Planning", "Running", "Planned", "alice", "planned")], T0),
            [.. folders.Chunk(10).Select(c => (IReadOnlyList<string>)c)], folders.Count), CancellationToken.None));
        return (await Updates.GetAsync(update.Id, CancellationToken.None))!;
    }

    [SkippableFact]
    public async Task StartingAgain_ForTheSameMove_FindsTheSameUpdate_AndANewerMove_SupersedesTheOlderAndCancelsItsPendingBatches()
    {
        var first = await RunningAsync(await MoveAsync());
        Assert.Equal((first.Id, false), ((await StartAsync(first.ProcedureId)).Update.Id, (await StartAsync(first.ProcedureId)).Created));
        Assert.Equal(("Running", true, 20L), (first.State, first.Planned, first.Total));

        var newer = await MoveAsync();
        var (second, created) = await StartAsync(newer);
        Assert.True(created);
        var old = (await Updates.GetAsync(first.Id, CancellationToken.None))!;
        Assert.Equal(("Superseded", false, (long?)newer), (old.State, old.IsActive, old.SupersededBy));
        Assert.Equal(0, await Updates.UnfinishedBatchesAsync(first.Id, CancellationToken.None));
        Assert.Equal([second.Id], (await Updates.ListActiveAsync(CancellationToken.None)).Select(u => u.Id));
        Assert.Equal(second.Id, (await Updates.LatestAsync("EXCH1", CancellationToken.None))!.Id);
        Assert.Equal([second.Id], (await Updates.LatestPerHierarchyAsync(CancellationToken.None)).Select(u => u.Id));
        Assert.Equal([second.Id, first.Id], (await Updates.ListAsync(null, 10, CancellationToken.None)).Select(u => u.Id));
    }

    [SkippableFact]
    public async Task ACheckpoint_CountsItsFolders_QueuesTheRetriesAsTheNextBatch_RecordsWhatWasGivenUp_AndClaimsTheNextBatch()
    {
        var update = await RunningAsync(await MoveAsync());
        var claim = BatchClaim.Of((await Updates.TryClaimBatchAsync(update.Id, null, "w", T0, TimeSpan.FromMinutes(5), MoveKinds, CancellationToken.None))!);
        Assert.Equal(1, claim.Seq);

        var outcome = await Updates.CheckpointAsync(new ReplicaCheckpoint(
            claim, "w", 8, 5, ["pf01"], 2, T0.AddSeconds(60), [new ReplicaFolderFailure { Folder = "pf02", Attempts = 3, Error = "access denied" }],
            T0.AddSeconds(1), ClaimNext: true, TimeSpan.FromMinutes(5), MoveKinds), CancellationToken.None);

        Assert.True(outcome.Committed);
        Assert.Equal((2, "running", "w"), (outcome.Next!.Seq, outcome.Next.Status, outcome.Next.ClaimedBy));
        var after = (await Updates.GetAsync(update.Id, CancellationToken.None))!;
        Assert.Equal((8L, 5L, 1L), (after.Done, after.Changed, after.Failed));
        Assert.Equal(["pf02"], (await Updates.OpenFailuresAsync(update.Id, CancellationToken.None)).Select(f => f.Folder));
        Assert.Equal(2, await Updates.UnfinishedBatchesAsync(update.Id, CancellationToken.None)); // batch 2 running, the retry waiting
        AssertSchedulable([], 1, await Updates.SchedulableBatchesAsync(update.Id, "w", T0.AddSeconds(2), T0, 10, CancellationToken.None));
        AssertSchedulable([3], 1, await Updates.SchedulableBatchesAsync(update.Id, "w", T0.AddSeconds(61), T0, 10, CancellationToken.None));

        Assert.True(await Updates.TransitionAsync(new ReplicaUpdateTransition(update.Id, "Running", after.Version, "Running", true,
            [new NewAuditEntry(T0, null, "replica-list-update", "exch1", "Running", "Running", "RetryFailed", "alice", "retry")], T0.AddSeconds(2),
            ReplicaBatchEffect.RequeueFailures), CancellationToken.None));
        Assert.Empty(await Updates.OpenFailuresAsync(update.Id, CancellationToken.None));
        Assert.Equal(0L, (await Updates.GetAsync(update.Id, CancellationToken.None))!.Failed);
        AssertSchedulable([3, 4], 1, await Updates.SchedulableBatchesAsync(update.Id, "w", T0.AddSeconds(61), T0, 10, CancellationToken.None));
    }

    [SkippableFact]
    public async Task ANewerMove_StopsTheClaims_AndARedoneBatch_IsCounted()
    {
        var update = await RunningAsync(await MoveAsync());
        var lease = TimeSpan.FromSeconds(30);
        Assert.NotNull(await Updates.TryClaimBatchAsync(update.Id, 1, "w1", T0, lease, MoveKinds, CancellationToken.None));
        Assert.True(await Updates.OthersRunningAsync("exch1", update.Id + 1, T0.AddSeconds(1), CancellationToken.None));
        Assert.False(await Updates.OthersRunningAsync("exch1", update.Id, T0.AddSeconds(1), CancellationToken.None));
        Assert.NotNull(await Updates.TryClaimBatchAsync(update.Id, 1, "w2", T0.AddSeconds(31), lease, MoveKinds, CancellationToken.None));
        Assert.Equal((1, 10L), await Updates.RedoneAsync(update.Id, CancellationToken.None));
        Assert.Null(await Updates.NewerMoveAsync(update, MoveKinds, CancellationToken.None));

        var newer = await MoveAsync();
        Assert.Equal((newer, "test"), await Updates.NewerMoveAsync(update, MoveKinds, CancellationToken.None));
        Assert.Null(await Updates.TryClaimBatchAsync(update.Id, 2, "w1", T0.AddSeconds(32), lease, MoveKinds, CancellationToken.None));
        Assert.NotNull(await Updates.TryClaimBatchAsync(update.Id, 2, "w1", T0.AddSeconds(32), lease, ["other"], CancellationToken.None));
    }

    private static void AssertSchedulable(int[] due, int inFlight, (IReadOnlyList<int> Due, int InFlight) actual)
    {
        Assert.Equal(due, actual.Due);
        Assert.Equal(inFlight, actual.InFlight);
    }
}
