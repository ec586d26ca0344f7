using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Claims;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Replicas;

namespace Orchestrator.Storage.Tests.Claims;

/// <summary>
/// Issue 12 point 5: the one claim mechanism as every store provider must keep it, for both kinds of claimed work
/// (procedure steps, replica-list batches). A provider's test class derives from this and opens its stores. (Skippable: a
/// provider whose server is missing reports its cases as skipped, with the reason.)
/// </summary>
public abstract class ClaimStoreContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly string[] MoveKinds = ["test"];

    /// <summary>The provider's stores, on one new, empty, migrated database.</summary>
    protected abstract (IProcedureStore Steps, IReplicaUpdateStore Batches) OpenStores();

    private (IProcedureStore Steps, IReplicaUpdateStore Batches)? _stores;

    private IProcedureStore Steps => (_stores ??= OpenStores()).Steps;

    private IReplicaUpdateStore Batches => (_stores ??= OpenStores()).Batches;

    private IWorkClaimStore StoreOf(string kind) => kind == WorkKinds.Step ? Steps : Batches;

    /// <summary>A procedure of two steps, or a running replica-list update of two batches of ten folders; returns the owner's id.</summary>
    private async Task<long> CreateAsync(string kind)
    {
        var procedure = await Steps.CreateAsync(
            new NewProcedure("test", "exch1", "A", "node1", "node2", "alice", "because", 1, T0), [new("A", "x.one", "node1", "t1", 10), new("A", "x.two", "node1", "t2", 10)],
            new NewAuditEntry(T0, null, "test", "exch1", null, "A", "Requested", "alice", "because"), CancellationToken.None);
        if (kind == WorkKinds.Step)
        {
            return procedure;
        }

        var (update, _) = await Batches.StartAsync(
            new NewReplicaUpdate(procedure, "exch1", "node1", "node2", "Planning", 10, 2, "alice", T0),
            id => new NewAuditEntry(T0, null, "replica-list-update", "exch1", null, "Planning", "Started", "alice", $"#{id}"),
            old => new NewAuditEntry(T0, null, "replica-list-update", "exch1", old.State, "Superseded", "Superseded", "alice", "newer move"),
            CancellationToken.None);
        var folders = Enumerable.Range(1, 20).Select(i => $"pf{i:D2}").ToList();
        Assert.True(await Batches.CommitPlanAsync(new ReplicaPlan(
            new ReplicaUpdateTransition(update.Id, "Planning", update.Version, "Running", true,
                [new NewAuditEntry(T0, null, "replica-list-update", "exch1", "Planning", "Running", "Planned", "alice", "planned")], T0),
            [folders[..10], folders[10..]], folders.Count), CancellationToken.None));
        return update.Id;
    }

    private async Task<WorkClaim?> ClaimAsync(string kind, long owner, int seq, string worker, DateTimeOffset now) => kind == WorkKinds.Step
        ? await Steps.TryClaimStepAsync(owner, seq, worker, now, Lease, CancellationToken.None) is { } step ? StepClaim.Of(step) : null
        : await Batches.TryClaimBatchAsync(owner, seq, worker, now, Lease, MoveKinds, CancellationToken.None) is { } batch ? BatchClaim.Of(batch) : null;

    private static ReplicaCheckpoint Checkpoint(BatchClaim claim, DateTimeOffset at) =>
        new(claim, "w", 10, 10, [], 2, at, [], at, ClaimNext: false, Lease, MoveKinds);

    [SkippableTheory]
    [InlineData(WorkKinds.Step)]
    [InlineData(WorkKinds.ReplicaBatch)]
    public async Task ALiveClaim_IsNotClaimedAgain_ByAnyWorker_ItsOwnIncluded_AndAnExpiredOne_IsTakenOverUnderAHigherToken(string kind)
    {
        var owner = await CreateAsync(kind);
        var first = await ClaimAsync(kind, owner, 1, "w1", T0);
        Assert.Equal((kind, owner, 1, 1L), (first!.Kind, first.OwnerId, first.Seq, first.Token));
        Assert.Null(await ClaimAsync(kind, owner, 1, "w1", T0.AddSeconds(29)));
        Assert.Null(await ClaimAsync(kind, owner, 1, "w2", T0.AddSeconds(29)));

        var second = await ClaimAsync(kind, owner, 1, "w1", T0.AddSeconds(31));
        Assert.Equal(2L, second!.Token);
    }

    [SkippableTheory]
    [InlineData(WorkKinds.Step)]
    [InlineData(WorkKinds.ReplicaBatch)]
    public async Task ARenewal_ExtendsOnlyAHeldClaim_AndFailsOnceItWasTakenOver(string kind)
    {
        var owner = await CreateAsync(kind);
        var held = (await ClaimAsync(kind, owner, 1, "w1", T0))!;
        Assert.True(await StoreOf(kind).RenewClaimAsync(held, T0.AddSeconds(20), Lease, CancellationToken.None));
        Assert.Null(await ClaimAsync(kind, owner, 1, "w2", T0.AddSeconds(40))); // renewed until T0+50

        var takeover = (await ClaimAsync(kind, owner, 1, "w2", T0.AddSeconds(51)))!;
        Assert.False(await StoreOf(kind).RenewClaimAsync(held, T0.AddSeconds(52), Lease, CancellationToken.None));
        Assert.True(await StoreOf(kind).RenewClaimAsync(takeover, T0.AddSeconds(52), Lease, CancellationToken.None));
    }

    [SkippableFact]
    public async Task ABatchCheckpoint_ByAClaimTakenOver_CommitsNothing_EvenForTheSameWorker_AndCountsNothingTwice()
    {
        var owner = await CreateAsync(WorkKinds.ReplicaBatch);
        var zombie = (BatchClaim)(await ClaimAsync(WorkKinds.ReplicaBatch, owner, 1, "w", T0))!;
        var holder = (BatchClaim)(await ClaimAsync(WorkKinds.ReplicaBatch, owner, 1, "w", T0.AddSeconds(31)))!;

        Assert.False((await Batches.CheckpointAsync(Checkpoint(zombie, T0.AddSeconds(32)), CancellationToken.None)).Committed);
        Assert.Equal(0, (await Batches.GetAsync(owner, CancellationToken.None))!.Done);
        Assert.True((await Batches.CheckpointAsync(Checkpoint(holder, T0.AddSeconds(33)), CancellationToken.None)).Committed);
        Assert.False((await Batches.CheckpointAsync(Checkpoint(holder, T0.AddSeconds(34)), CancellationToken.None)).Committed);
        Assert.Equal((10L, 10L), ((await Batches.GetAsync(owner, CancellationToken.None))!.Done, (await Batches.GetAsync(owner, CancellationToken.None))!.Changed));
    }

    [SkippableFact]
    public async Task ABatchGivenBack_ByItsClaim_IsDueAtOnce_AndAStaleGiveBackChangesNothing()
    {
        var owner = await CreateAsync(WorkKinds.ReplicaBatch);
        var zombie = (BatchClaim)(await ClaimAsync(WorkKinds.ReplicaBatch, owner, 1, "w1", T0))!;
        var holder = (BatchClaim)(await ClaimAsync(WorkKinds.ReplicaBatch, owner, 1, "w2", T0.AddSeconds(31)))!;
        Assert.False(await Batches.GiveBackBatchAsync(zombie, T0.AddSeconds(32), CancellationToken.None));
        Assert.Equal([2], (await Batches.SchedulableBatchesAsync(owner, "w2", T0.AddSeconds(32), T0, 10, CancellationToken.None)).Due);

        Assert.True(await Batches.GiveBackBatchAsync(holder, T0.AddSeconds(32), CancellationToken.None));
        Assert.Equal([1, 2], (await Batches.SchedulableBatchesAsync(owner, "w2", T0.AddSeconds(32), T0, 10, CancellationToken.None)).Due);
    }

    [SkippableTheory]
    [InlineData(WorkKinds.Step)]
    [InlineData(WorkKinds.ReplicaBatch)]
    public async Task TheSweeper_SkipsOnlyWorkThisWorkerDispatchedLately_AndTakesAnExpiredClaimBack(string kind)
    {
        var owner = await CreateAsync(kind);
        async Task<IReadOnlyList<int>> DueAsync(string worker, DateTimeOffset now) => kind == WorkKinds.Step
            ? [.. (await Steps.FindDispatchableAsync(worker, now, now.AddSeconds(-30), CancellationToken.None)).Where(s => s.ProcedureId == owner).Select(s => s.Seq)]
            : (await Batches.SchedulableBatchesAsync(owner, worker, now, now.AddSeconds(-30), 10, CancellationToken.None)).Due;
        Task MarkAsync(int seq, string worker, DateTimeOffset at) => kind == WorkKinds.Step
            ? Steps.MarkDispatchedAsync(owner, seq, worker, at, CancellationToken.None)
            : Batches.MarkBatchDispatchedAsync(owner, seq, worker, at, CancellationToken.None);

        var ready = kind == WorkKinds.Step ? [1] : new[] { 1, 2 };
        Assert.Equal(ready, await DueAsync("w1", T0));
        await MarkAsync(1, "w1", T0);
        Assert.Equal(ready.Skip(1), await DueAsync("w1", T0.AddSeconds(1)));
        Assert.Equal(ready, await DueAsync("w2", T0.AddSeconds(1))); // another worker's queue may have died with its process
        Assert.Equal(ready, await DueAsync("w1", T0.AddSeconds(31))); // a mark too old: its job was lost

        await ClaimAsync(kind, owner, 1, "w1", T0.AddSeconds(31));
        Assert.Equal(ready.Skip(1), await DueAsync("w2", T0.AddSeconds(60)));
        Assert.Equal(ready, await DueAsync("w2", T0.AddSeconds(62))); // its lease expired: lease expiry is the recovery
    }
}
