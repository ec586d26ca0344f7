using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests;

public sealed class ProcedureStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _db = new();
    private readonly SqliteProcedureStore _store;

    public ProcedureStoreTests() => _store = new SqliteProcedureStore(_db.Connections);

    public void Dispose() => _db.Dispose();

    private static readonly IReadOnlyList<PlannedStep> Plan =
    [
        new("A", "x.one", "node1", "t1", 10),
        new("A", "x.two", "node1", "t2", 10),
        new("B", "x.three", "node2", "t3", 10),
    ];

    private Task<long> CreateAsync(string hierarchy = "exch1") => _store.CreateAsync(
        new NewProcedure("test", hierarchy, "A", "node1", "node2", "alice", "because", 1, T0), Plan,
        new NewAuditEntry(T0, null, "test", hierarchy, null, "A", "Requested", "alice", "because"), CancellationToken.None);

    [Fact]
    public async Task Create_StoresThePlan_WithOnlyTheFirstStepReady()
    {
        var id = await CreateAsync();
        var steps = await _store.GetStepsAsync(id, CancellationToken.None);
        Assert.Equal([StepStatus.Ready, StepStatus.Planned, StepStatus.Planned], steps.Select(s => s.Status));
        var p = await _store.GetAsync(id, CancellationToken.None);
        Assert.Equal(("A", 1L, true, T0), (p!.State, p.Version, p.IsActive, p.CreatedAt));
    }

    [Fact]
    public async Task Create_WithADispatchingWorker_MarksOnlyTheFirstStepDispatched_InTheSameCommit_ButNotAHeldProcedure()
    {
        NewProcedure New(string hierarchy, string? hold) =>
            new("test", hierarchy, "A", "node1", "node2", "alice", "because", 1, T0, hold, DispatchedBy: "host:1:w");
        NewAuditEntry Audit(string hierarchy) => new(T0, null, "test", hierarchy, null, "A", "Requested", "alice", "because");

        var ready = await _store.CreateAsync(New("exch1", null), Plan, Audit("exch1"), CancellationToken.None);
        var held = await _store.CreateAsync(New("exch2", "automatic failover is disabled"), Plan, Audit("exch2"), CancellationToken.None);

        var steps = await _store.GetStepsAsync(ready, CancellationToken.None);
        Assert.Equal([("host:1:w", (DateTimeOffset?)T0), (null, null), (null, null)], steps.Select(s => (s.DispatchedBy, s.DispatchedAt)));
        Assert.All(await _store.GetStepsAsync(held, CancellationToken.None), s => Assert.Equal((null, null), (s.DispatchedBy, s.DispatchedAt)));
    }

    [Fact]
    public async Task Create_IsRefusedByTheUniqueIndex_WhileAnotherProcedureIsActiveOnTheHierarchy()
    {
        var first = await CreateAsync();
        var conflict = await Assert.ThrowsAsync<ActiveProcedureConflictException>(() => CreateAsync());
        Assert.Equal(first, conflict.ActiveId);
        Assert.Contains($"#{first}", conflict.Message, StringComparison.Ordinal);
        Assert.NotEqual(first, await CreateAsync("exch2")); // another hierarchy is free
    }

    [Fact]
    public async Task Create_WithABasisThatNoLongerHolds_IsRefusedAsStale_AfterTheConflictCheck_AndChangesNothing()
    {
        Task<long> CreateFromAsync(PlanBasis basis) => _store.CreateAsync(
            new NewProcedure("test", "exch1", "A", "node1", "node2", "alice", "because", 1, T0, Basis: basis), Plan,
            new NewAuditEntry(T0, null, "test", "exch1", null, "A", "Requested", "alice", "because"), CancellationToken.None);

        var before = await _store.GetPictureAsync("exch1", CancellationToken.None);
        Assert.Equal(new PlanBasis(null, 0), before.Basis);
        var first = await CreateFromAsync(before.Basis);
        var during = await _store.GetPictureAsync("EXCH1", CancellationToken.None);
        Assert.Equal((first, first), (during.LastProcedureId, during.Active!.Id));

        // While the first is active, the conflict is what a request learns, whatever its basis.
        await Assert.ThrowsAsync<ActiveProcedureConflictException>(() => CreateFromAsync(before.Basis));

        await _store.CommitTransitionAsync(new TransitionCommit(first, "A", 1, "Completed", false, null, null, [],
            [new NewAuditEntry(T0, first, "test", "exch1", "A", "Completed", "StepSucceeded", "alice", "done")], new PlacementChange("exch1", "node2"), T0), CancellationToken.None);
        var auditBefore = (await new SqliteAuditJournal(_db.Connections).ListAsync(new AuditQuery(), CancellationToken.None)).Count;

        var stale = await Assert.ThrowsAsync<StalePlanException>(() => CreateFromAsync(before.Basis));

        Assert.Equal(new PlanBasis("node2", first), stale.Now);
        Assert.Single(await _store.ListAsync("exch1", 10, CancellationToken.None));
        Assert.Equal(auditBefore, (await new SqliteAuditJournal(_db.Connections).ListAsync(new AuditQuery(), CancellationToken.None)).Count);
        var after = await _store.GetPictureAsync("exch1", CancellationToken.None);
        Assert.Null(after.Active);
        Assert.NotEqual(first, await CreateFromAsync(after.Basis)); // planned from the current picture: created
    }

    [Fact]
    public async Task Claim_IsWonByExactlyOneOfManyConcurrentWorkers()
    {
        var id = await CreateAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => _store.TryClaimStepAsync(id, 1, $"w{i}", T0, TimeSpan.FromMinutes(1), CancellationToken.None))));
        Assert.Equal(1, results.Count(r => r is not null));
        var step = (await _store.GetStepsAsync(id, CancellationToken.None))[0];
        Assert.Equal((StepStatus.Running, 1), (step.Status, step.Attempts));
    }

    [Fact]
    public async Task Claim_IsRefused_ForAStepOfAnotherPhase_OrBeforeItsBackoffEnds()
    {
        var id = await CreateAsync();
        Assert.Null(await _store.TryClaimStepAsync(id, 3, "w", T0, TimeSpan.FromMinutes(1), CancellationToken.None)); // planned, phase B
        var claim = StepClaim.Of((await _store.TryClaimStepAsync(id, 1, "w", T0, TimeSpan.FromMinutes(1), CancellationToken.None))!);
        Assert.True(await _store.RecordFailedAttemptAsync(claim, "boom", T0.AddSeconds(5), CancellationToken.None));
        Assert.Null(await _store.TryClaimStepAsync(id, 1, "w", T0.AddSeconds(1), TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.NotNull(await _store.TryClaimStepAsync(id, 1, "w", T0.AddSeconds(6), TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task Claim_CanBeTakenOver_OnlyAfterItsLeaseExpires()
    {
        var id = await CreateAsync();
        Assert.NotNull(await _store.TryClaimStepAsync(id, 1, "w1", T0, TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.Null(await _store.TryClaimStepAsync(id, 1, "w2", T0.AddSeconds(10), TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.NotNull(await _store.TryClaimStepAsync(id, 1, "w2", T0.AddSeconds(31), TimeSpan.FromSeconds(30), CancellationToken.None));
    }

    [Fact]
    public async Task ALiveClaim_IsNotTakenAgain_EvenByTheWorkerThatHoldsIt()
    {
        var id = await CreateAsync();
        Assert.NotNull(await _store.TryClaimStepAsync(id, 1, "w1", T0, TimeSpan.FromMinutes(5), CancellationToken.None));
        Assert.Null(await _store.TryClaimStepAsync(id, 1, "w1", T0.AddSeconds(1), TimeSpan.FromMinutes(5), CancellationToken.None));
        Assert.Null(await _store.TryClaimStepAsync(id, 1, "w2", T0.AddSeconds(2), TimeSpan.FromMinutes(5), CancellationToken.None));
        Assert.Equal(1, (await _store.GetStepsAsync(id, CancellationToken.None))[0].Attempts);
    }

    [Fact]
    public async Task EveryClaim_GetsAHigherFencingToken_TheChainedClaimToo()
    {
        var id = await CreateAsync();
        var first = (await _store.TryClaimStepAsync(id, 1, "w1", T0, TimeSpan.FromSeconds(30), CancellationToken.None))!;
        var takeover = (await _store.TryClaimStepAsync(id, 1, "w2", T0.AddSeconds(31), TimeSpan.FromSeconds(30), CancellationToken.None))!;
        Assert.True(takeover.ClaimToken > first.ClaimToken);
        var outcome = await _store.CommitTransitionAsync(Step1Done(id, StepClaim.Of(takeover), claimNext: true), CancellationToken.None);
        Assert.True(outcome.Committed);
        Assert.Equal((2, 1L), (outcome.Claimed!.Seq, outcome.Claimed.ClaimToken));
    }

    [Fact]
    public async Task AStaleClaim_CommitsNothing_GivesNothingBack_AndCannotRenew()
    {
        var id = await CreateAsync();
        var zombie = StepClaim.Of((await _store.TryClaimStepAsync(id, 1, "w1", T0, TimeSpan.FromSeconds(30), CancellationToken.None))!);
        var holder = StepClaim.Of((await _store.TryClaimStepAsync(id, 1, "w2", T0.AddSeconds(31), TimeSpan.FromSeconds(30), CancellationToken.None))!);
        var before = (await _store.GetStepsAsync(id, CancellationToken.None))[0];
        var auditBefore = (await new SqliteAuditJournal(_db.Connections).ListAsync(new AuditQuery(ProcedureId: id), CancellationToken.None)).Count;

        var commit = await _store.CommitTransitionAsync(Step1Done(id, zombie, claimNext: true), CancellationToken.None);
        Assert.Equal((false, true, null), (commit.Committed, commit.Fenced, commit.Claimed));
        Assert.False(await _store.RecordFailedAttemptAsync(zombie, "boom", T0.AddSeconds(40), CancellationToken.None));
        Assert.False(await _store.RecordWaitAsync(zombie, "a mirror", T0.AddSeconds(40), CancellationToken.None));
        Assert.False(await _store.RenewClaimAsync(zombie, T0.AddSeconds(32), TimeSpan.FromSeconds(30), CancellationToken.None));

        var after = await _store.GetStepsAsync(id, CancellationToken.None);
        Assert.Equal((StepStatus.Running, "w2", before.ClaimExpiresAt, before.Attempts, (string?)null), (after[0].Status, after[0].ClaimedBy, after[0].ClaimExpiresAt, after[0].Attempts, after[0].WaitingFor));
        Assert.Equal(StepStatus.Planned, after[1].Status);
        Assert.Equal(1, (await _store.GetAsync(id, CancellationToken.None))!.Version);
        Assert.Equal(auditBefore, (await new SqliteAuditJournal(_db.Connections).ListAsync(new AuditQuery(ProcedureId: id), CancellationToken.None)).Count);

        // The holder's writes do land.
        Assert.True(await _store.RenewClaimAsync(holder, T0.AddSeconds(40), TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.Equal(T0.AddSeconds(70), (await _store.GetStepsAsync(id, CancellationToken.None))[0].ClaimExpiresAt);
        Assert.True((await _store.CommitTransitionAsync(Step1Done(id, holder, claimNext: false), CancellationToken.None)).Committed);
    }

    [Fact]
    public async Task AClaim_IsNoLongerHeld_OnceItsStepIsGivenBack()
    {
        var id = await CreateAsync();
        var claim = StepClaim.Of((await _store.TryClaimStepAsync(id, 1, "w1", T0, TimeSpan.FromSeconds(30), CancellationToken.None))!);
        Assert.True(await _store.RecordWaitAsync(claim, "a mirror", T0.AddSeconds(5), CancellationToken.None));
        Assert.False(await _store.RecordWaitAsync(claim, "a mirror", T0.AddSeconds(5), CancellationToken.None));
        Assert.False(await _store.RenewClaimAsync(claim, T0.AddSeconds(1), TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.True((await _store.CommitTransitionAsync(Step1Done(id, claim, claimNext: false), CancellationToken.None)).Fenced);
    }

    [Fact]
    public async Task AnInterruptedClaim_IsGivenBackReadyAtOnce_WithoutSpendingAnAttempt_UnlessItIsStale()
    {
        var id = await CreateAsync();
        var zombie = StepClaim.Of((await _store.TryClaimStepAsync(id, 1, "w1", T0, TimeSpan.FromSeconds(30), CancellationToken.None))!);
        var holder = StepClaim.Of((await _store.TryClaimStepAsync(id, 1, "w2", T0.AddSeconds(31), TimeSpan.FromSeconds(30), CancellationToken.None))!);
        Assert.False(await _store.RecordInterruptedAsync(zombie, "interrupted: database is locked", T0.AddSeconds(32), CancellationToken.None));
        Assert.Equal(StepStatus.Running, (await _store.GetStepsAsync(id, CancellationToken.None))[0].Status);

        Assert.True(await _store.RecordInterruptedAsync(holder, "interrupted: database is locked", T0.AddSeconds(32), CancellationToken.None));
        var step = (await _store.GetStepsAsync(id, CancellationToken.None))[0];
        Assert.Equal((StepStatus.Ready, 1, "interrupted: database is locked"), (step.Status, step.Attempts, step.LastError));
        Assert.Contains(await _store.FindDispatchableAsync("w3", T0.AddSeconds(32), T0, CancellationToken.None), s => s.ProcedureId == id && s.Seq == 1);
    }

    [Fact]
    public async Task AStepChange_ThatResetsTheDeadline_ForgetsWhenTheStepFirstStarted()
    {
        var id = await CreateAsync();
        await _store.TryClaimStepAsync(id, 1, "w", T0, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(T0, (await _store.GetStepsAsync(id, CancellationToken.None))[0].FirstStartedAt);
        await _store.CommitTransitionAsync(new TransitionCommit(id, "A", 1, "A", true, null, null, [new StepChange(1, StepStatus.Ready, ResetDeadline: true)],
            [new NewAuditEntry(T0, id, "test", "exch1", "A", "A", "OperatorRetry", "alice", "retry")], null, T0), CancellationToken.None);
        Assert.Null((await _store.GetStepsAsync(id, CancellationToken.None))[0].FirstStartedAt);
        await _store.TryClaimStepAsync(id, 1, "w", T0.AddHours(1), TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(T0.AddHours(1), (await _store.GetStepsAsync(id, CancellationToken.None))[0].FirstStartedAt);
    }

    private static TransitionCommit Step1Done(long id, StepClaim claim, bool claimNext) => new(id, "A", 1, "A", true, null, null,
        [new StepChange(1, StepStatus.Done)],
        [new NewAuditEntry(T0, id, "test", "exch1", "A", "A", "StepSucceeded", "alice", "step 1 done")], null, T0.AddSeconds(35),
        claimNext ? 2 : null, claimNext ? "w" : null, TimeSpan.FromSeconds(30), claim);

    [Fact]
    public async Task Transition_CommitsStateAuditAndNextStep_AndClaimsTheNextStepForTheCommitter()
    {
        var id = await CreateAsync();
        await _store.TryClaimStepAsync(id, 1, "w", T0, TimeSpan.FromMinutes(1), CancellationToken.None);
        var outcome = await _store.CommitTransitionAsync(new TransitionCommit(id, "A", 1, "A", true, null, null,
            [new StepChange(1, StepStatus.Done)],
            [new NewAuditEntry(T0, id, "test", "exch1", "A", "A", "StepSucceeded", "alice", "step 1 done")], null, T0, 2, "w", TimeSpan.FromMinutes(1)),
            CancellationToken.None);
        Assert.True(outcome.Committed);
        Assert.Equal((2, StepStatus.Running, "w", 1), (outcome.Claimed!.Seq, outcome.Claimed.Status, outcome.Claimed.ClaimedBy, outcome.Claimed.Attempts));
        var steps = await _store.GetStepsAsync(id, CancellationToken.None);
        Assert.Equal([StepStatus.Done, StepStatus.Running, StepStatus.Planned], steps.Select(s => s.Status));
        Assert.Equal("w", steps[1].ClaimedBy);
        Assert.Equal(2, (await _store.GetAsync(id, CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task Transition_IsNotCommitted_WhenTheVersionIsStale_AndChangesNothing()
    {
        var id = await CreateAsync();
        var stale = new TransitionCommit(id, "A", 7, "B", true, null, null, [new StepChange(1, StepStatus.Done)],
            [new NewAuditEntry(T0, id, "test", "exch1", "A", "B", "StepSucceeded", "alice", "should not land")], null, T0);
        Assert.False((await _store.CommitTransitionAsync(stale, CancellationToken.None)).Committed);
        Assert.Equal(StepStatus.Ready, (await _store.GetStepsAsync(id, CancellationToken.None))[0].Status);
        var audit = await new SqliteAuditJournal(_db.Connections).ListAsync(new AuditQuery(ProcedureId: id), CancellationToken.None);
        Assert.Single(audit);
    }

    [Fact]
    public async Task FinishingAProcedure_FreesItsHierarchy_AndRecordsThePlacement()
    {
        var id = await CreateAsync();
        await _store.CommitTransitionAsync(new TransitionCommit(id, "A", 1, "Completed", false, null, null, [],
            [new NewAuditEntry(T0, id, "test", "exch1", "A", "Completed", "StepSucceeded", "alice", "done")],
            new PlacementChange("exch1", "node2"), T0), CancellationToken.None);
        Assert.Contains(new PlacementChange("exch1", "node2"), await _store.GetPlacementsAsync(CancellationToken.None));
        Assert.NotEqual(id, await CreateAsync());
    }

    [Fact]
    public async Task ADeadWorkersClaim_IsNotReleased_ButDispatchableOnceItsLeaseExpired()
    {
        var id = await CreateAsync();
        await _store.TryClaimStepAsync(id, 1, "dead-worker", T0, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Empty(await _store.FindDispatchableAsync("me", T0.AddSeconds(29), T0, CancellationToken.None));
        var dispatchable = await _store.FindDispatchableAsync("me", T0.AddSeconds(31), T0, CancellationToken.None);
        Assert.Equal((id, 1, StepStatus.Running), (dispatchable.Single().ProcedureId, dispatchable.Single().Seq, dispatchable.Single().Status));
    }
}
