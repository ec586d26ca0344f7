using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>
/// The procedure store's behaviour beyond the claim contract — the plan, the one active procedure, the stale plan, the
/// compare-and-set transition, fenced commits and give-backs, step outcomes, holds — as every provider must keep it.
/// Ported from the SQLite provider's ProcedureStoreTests (which stay); a provider's test class opens its store on a new,
/// empty, migrated database and counts audit rows. Skippable: a provider whose server is missing reports its cases as skipped.
/// </summary>
public abstract class ProcedureStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private IProcedureStore? _store;

    /// <summary>The provider's store, on one new, empty, migrated database.</summary>
    protected abstract IProcedureStore OpenStore();

    /// <summary>The audit rows written so far (of one procedure, when given).</summary>
    protected abstract Task<int> AuditRowsAsync(long? procedureId);

    private IProcedureStore Store => _store ??= OpenStore();

    private static readonly IReadOnlyList<PlannedStep> Plan =
    [
        new("A", "x.one", "node1", "t1", 10),
        new("A", "x.two", "node1", "t2", 10),
        new("B", "x.three", "node2", "t3", 10),
    ];

    private Task<long> CreateAsync(string hierarchy = "exch1") => Store.CreateAsync(
        new NewProcedure("test", hierarchy, "A", "node1", "node2", "alice", "because", 1, T0), Plan,
        new NewAuditEntry(T0, null, "test", hierarchy, null, "A", "Requested", "alice", "because"), CancellationToken.None);

    [SkippableFact]
    public async Task Create_StoresThePlan_WithOnlyTheFirstStepReady()
    {
        var id = await CreateAsync();
        var steps = await Store.GetStepsAsync(id, CancellationToken.None);
        Assert.Equal([StepStatus.Ready, StepStatus.Planned, StepStatus.Planned], steps.Select(s => s.Status));
        var p = await Store.GetAsync(id, CancellationToken.None);
        Assert.Equal(("A", 1L, true, T0), (p!.State, p.Version, p.IsActive, p.CreatedAt));
    }

    [SkippableFact]
    public async Task Create_WithADispatchingWorker_MarksOnlyTheFirstStepDispatched_InTheSameCommit_ButNotAHeldProcedure()
    {
        NewProcedure New(string hierarchy, string? hold) =>
            new("test", hierarchy, "A", "node1", "node2", "alice", "because", 1, T0, hold, DispatchedBy: "host:1:w");
        NewAuditEntry Audit(string hierarchy) => new(T0, null, "test", hierarchy, null, "A", "Requested", "alice", "because");

        var ready = await Store.CreateAsync(New("exch1", null), Plan, Audit("exch1"), CancellationToken.None);
        var held = await Store.CreateAsync(New("exch2", "automatic failover is disabled"), Plan, Audit("exch2"), CancellationToken.None);

        var steps = await Store.GetStepsAsync(ready, CancellationToken.None);
        Assert.Equal([("host:1:w", (DateTimeOffset?)T0), (null, null), (null, null)], steps.Select(s => (s.DispatchedBy, s.DispatchedAt)));
        Assert.All(await Store.GetStepsAsync(held, CancellationToken.None), s => Assert.Equal((null, null), (s.DispatchedBy, s.DispatchedAt)));
    }

    [SkippableFact]
    public async Task Create_IsRefusedByTheUniqueIndex_WhileAnotherProcedureIsActiveOnTheHierarchy()
    {
        var first = await CreateAsync();
        var conflict = await Assert.ThrowsAsync<ActiveProcedureConflictException>(() => CreateAsync());
        Assert.Equal(first, conflict.ActiveId);
        Assert.Contains($"#{first}", conflict.Message, StringComparison.Ordinal);
        Assert.NotEqual(first, await CreateAsync("exch2")); // another hierarchy is free
    }

    [SkippableFact]
    public async Task Create_WithABasisThatNoLongerHolds_IsRefusedAsStale_AfterTheConflictCheck_AndChangesNothing()
    {
        Task<long> CreateFromAsync(PlanBasis basis) => Store.CreateAsync(
            new NewProcedure("test", "exch1", "A", "node1", "node2", "alice", "because", 1, T0, Basis: basis), Plan,
            new NewAuditEntry(T0, null, "test", "exch1", null, "A", "Requested", "alice", "because"), CancellationToken.None);

        var before = await Store.GetPictureAsync("exch1", CancellationToken.None);
        Assert.Equal(new PlanBasis(null, 0), before.Basis);
        var first = await CreateFromAsync(before.Basis);
        var during = await Store.GetPictureAsync("EXCH1", CancellationToken.None);
        Assert.Equal((first, first), (during.LastProcedureId, during.Active!.Id));

        // While the first is active, the conflict is what a request learns, whatever its basis.
        await Assert.ThrowsAsync<ActiveProcedureConflictException>(() => CreateFromAsync(before.Basis));

        await Store.CommitTransitionAsync(new TransitionCommit(first, "A", 1, "Completed", false, null, null, [],
            [new NewAuditEntry(T0, first, "test", "exch1", "A", "Completed", "StepSucceeded", "alice", "done")], new PlacementChange("exch1", "node2"), T0), CancellationToken.None);
        var auditBefore = await AuditRowsAsync(null);

        var stale = await Assert.ThrowsAsync<StalePlanException>(() => CreateFromAsync(before.Basis));

        Assert.Equal(new PlanBasis("node2", first), stale.Now);
        Assert.Single(await Store.ListAsync("exch1", 10, CancellationToken.None));
        Assert.Equal(auditBefore, await AuditRowsAsync(null));
        var after = await Store.GetPictureAsync("exch1", CancellationToken.None);
        Assert.Null(after.Active);
        Assert.NotEqual(first, await CreateFromAsync(after.Basis)); // planned from the current picture: created
    }

    [SkippableFact]
    public async Task List_PagesNewestFirst_BeforeAnId_OfOneHierarchyIgnoringCaseOrOfAll()
    {
        var ids = new List<long>();
        foreach (var hierarchy in new[] { "exch1", "exch2", "exch3", "exch4", "exch5" })
        {
            ids.Add(await CreateAsync(hierarchy));
        }

        var newest = await Store.ListAsync(null, 2, null, CancellationToken.None);
        var next = await Store.ListAsync(null, 2, newest[^1].Id, CancellationToken.None);
        var last = await Store.ListAsync(null, 2, next[^1].Id, CancellationToken.None);

        Assert.Equal([ids[4], ids[3]], newest.Select(p => p.Id));
        Assert.Equal([ids[2], ids[1]], next.Select(p => p.Id));
        Assert.Equal([ids[0]], last.Select(p => p.Id));
        Assert.Empty(await Store.ListAsync(null, 2, ids[0], CancellationToken.None));
        Assert.Equal([ids[1]], (await Store.ListAsync("EXCH2", 5, ids[2], CancellationToken.None)).Select(p => p.Id));
        Assert.Empty(await Store.ListAsync("exch2", 5, ids[1], CancellationToken.None));
    }

    [SkippableFact]
    public async Task Claim_IsWonByExactlyOneOfManyConcurrentWorkers()
    {
        var id = await CreateAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => Store.TryClaimStepAsync(id, 1, $"w{i}", T0, TimeSpan.FromMinutes(1), CancellationToken.None))));
        Assert.Equal(1, results.Count(r => r is not null));
        var step = (await Store.GetStepsAsync(id, CancellationToken.None))[0];
        Assert.Equal((StepStatus.Running, 1), (step.Status, step.Attempts));
    }

    [SkippableFact]
    public async Task Claim_IsRefused_ForAStepOfAnotherPhase_OrBeforeItsBackoffEnds()
    {
        var id = await CreateAsync();
        Assert.Null(await Store.TryClaimStepAsync(id, 3, "w", T0, TimeSpan.FromMinutes(1), CancellationToken.None)); // planned, phase B
        var claim = StepClaim.Of((await Store.TryClaimStepAsync(id, 1, "w", T0, TimeSpan.FromMinutes(1), CancellationToken.None))!);
        Assert.True(await Store.RecordFailedAttemptAsync(claim, "boom", T0.AddSeconds(5), CancellationToken.None));
        Assert.Null(await Store.TryClaimStepAsync(id, 1, "w", T0.AddSeconds(1), TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.NotNull(await Store.TryClaimStepAsync(id, 1, "w", T0.AddSeconds(6), TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [SkippableFact]
    public async Task Claim_CanBeTakenOver_OnlyAfterItsLeaseExpires()
    {
        var id = await CreateAsync();
        Assert.NotNull(await Store.TryClaimStepAsync(id, 1, "w1", T0, TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.Null(await Store.TryClaimStepAsync(id, 1, "w2", T0.AddSeconds(10), TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.NotNull(await Store.TryClaimStepAsync(id, 1, "w2", T0.AddSeconds(31), TimeSpan.FromSeconds(30), CancellationToken.None));
    }

    [SkippableFact]
    public async Task ALiveClaim_IsNotTakenAgain_EvenByTheWorkerThatHoldsIt()
    {
        var id = await CreateAsync();
        Assert.NotNull(await Store.TryClaimStepAsync(id, 1, "w1", T0, TimeSpan.FromMinutes(5), CancellationToken.None));
        Assert.Null(await Store.TryClaimStepAsync(id, 1, "w1", T0.AddSeconds(1), TimeSpan.FromMinutes(5), CancellationToken.None));
        Assert.Null(await Store.TryClaimStepAsync(id, 1, "w2", T0.AddSeconds(2), TimeSpan.FromMinutes(5), CancellationToken.None));
        Assert.Equal(1, (await Store.GetStepsAsync(id, CancellationToken.None))[0].Attempts);
    }

    [SkippableFact]
    public async Task EveryClaim_GetsAHigherFencingToken_TheChainedClaimToo()
    {
        var id = await CreateAsync();
        var first = (await Store.TryClaimStepAsync(id, 1, "w1", T0, TimeSpan.FromSeconds(30), CancellationToken.None))!;
        var takeover = (await Store.TryClaimStepAsync(id, 1, "w2", T0.AddSeconds(31), TimeSpan.FromSeconds(30), CancellationToken.None))!;
        Assert.True(takeover.ClaimToken > first.ClaimToken);
        var outcome = await Store.CommitTransitionAsync(Step1Done(id, StepClaim.Of(takeover), claimNext: true), CancellationToken.None);
        Assert.True(outcome.Committed);
        Assert.Equal((2, 1L), (outcome.Claimed!.Seq, outcome.Claimed.ClaimToken));
    }

    [SkippableFact]
    public async Task AStaleClaim_CommitsNothing_GivesNothingBack_AndCannotRenew()
    {
        var id = await CreateAsync();
        var zombie = StepClaim.Of((await Store.TryClaimStepAsync(id, 1, "w1", T0, TimeSpan.FromSeconds(30), CancellationToken.None))!);
        var holder = StepClaim.Of((await Store.TryClaimStepAsync(id, 1, "w2", T0.AddSeconds(31), TimeSpan.FromSeconds(30), CancellationToken.None))!);
        var before = (await Store.GetStepsAsync(id, CancellationToken.None))[0];
        var auditBefore = await AuditRowsAsync(id);

        var commit = await Store.CommitTransitionAsync(Step1Done(id, zombie, claimNext: true), CancellationToken.None);
        Assert.Equal((false, true, null), (commit.Committed, commit.Fenced, commit.Claimed));
        Assert.False(await Store.RecordFailedAttemptAsync(zombie, "boom", T0.AddSeconds(40), CancellationToken.None));
        Assert.False(await Store.RecordWaitAsync(zombie, "a mirror", T0.AddSeconds(40), CancellationToken.None));
        Assert.False(await Store.RenewClaimAsync(zombie, T0.AddSeconds(32), TimeSpan.FromSeconds(30), CancellationToken.None));

        var after = await Store.GetStepsAsync(id, CancellationToken.None);
        Assert.Equal((StepStatus.Running, "w2", before.ClaimExpiresAt, before.Attempts, (string?)null), (after[0].Status, after[0].ClaimedBy, after[0].ClaimExpiresAt, after[0].Attempts, after[0].WaitingFor));
        Assert.Equal(StepStatus.Planned, after[1].Status);
        Assert.Equal(1, (await Store.GetAsync(id, CancellationToken.None))!.Version);
        Assert.Equal(auditBefore, await AuditRowsAsync(id));

        // The holder's writes do land.
        Assert.True(await Store.RenewClaimAsync(holder, T0.AddSeconds(40), TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.Equal(T0.AddSeconds(70), (await Store.GetStepsAsync(id, CancellationToken.None))[0].ClaimExpiresAt);
        Assert.True((await Store.CommitTransitionAsync(Step1Done(id, holder, claimNext: false), CancellationToken.None)).Committed);
    }

    [SkippableFact]
    public async Task AClaim_IsNoLongerHeld_OnceItsStepIsGivenBack()
    {
        var id = await CreateAsync();
        var claim = StepClaim.Of((await Store.TryClaimStepAsync(id, 1, "w1", T0, TimeSpan.FromSeconds(30), CancellationToken.None))!);
        Assert.True(await Store.RecordWaitAsync(claim, "a mirror", T0.AddSeconds(5), CancellationToken.None));
        Assert.False(await Store.RecordWaitAsync(claim, "a mirror", T0.AddSeconds(5), CancellationToken.None));
        Assert.False(await Store.RenewClaimAsync(claim, T0.AddSeconds(1), TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.True((await Store.CommitTransitionAsync(Step1Done(id, claim, claimNext: false), CancellationToken.None)).Fenced);
    }

    [SkippableFact]
    public async Task AnInterruptedClaim_IsGivenBackReadyAtOnce_WithoutSpendingAnAttempt_UnlessItIsStale()
    {
        var id = await CreateAsync();
        var zombie = StepClaim.Of((await Store.TryClaimStepAsync(id, 1, "w1", T0, TimeSpan.FromSeconds(30), CancellationToken.None))!);
        var holder = StepClaim.Of((await Store.TryClaimStepAsync(id, 1, "w2", T0.AddSeconds(31), TimeSpan.FromSeconds(30), CancellationToken.None))!);
        Assert.False(await Store.RecordInterruptedAsync(zombie, "interrupted: database is locked", T0.AddSeconds(32), CancellationToken.None));
        Assert.Equal(StepStatus.Running, (await Store.GetStepsAsync(id, CancellationToken.None))[0].Status);

        Assert.True(await Store.RecordInterruptedAsync(holder, "interrupted: database is locked", T0.AddSeconds(32), CancellationToken.None));
        var step = (await Store.GetStepsAsync(id, CancellationToken.None))[0];
        Assert.Equal((StepStatus.Ready, 1, "interrupted: database is locked"), (step.Status, step.Attempts, step.LastError));
        Assert.Contains(await Store.FindDispatchableAsync("w3", T0.AddSeconds(32), T0, CancellationToken.None), s => s.ProcedureId == id && s.Seq == 1);
    }

    [SkippableFact]
    public async Task AStepChange_ThatResetsTheDeadline_ForgetsWhenTheStepFirstStarted()
    {
        var id = await CreateAsync();
        await Store.TryClaimStepAsync(id, 1, "w", T0, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(T0, (await Store.GetStepsAsync(id, CancellationToken.None))[0].FirstStartedAt);
        await Store.CommitTransitionAsync(new TransitionCommit(id, "A", 1, "A", true, null, null, [new StepChange(1, StepStatus.Ready, ResetDeadline: true)],
            [new NewAuditEntry(T0, id, "test", "exch1", "A", "A", "OperatorRetry", "alice", "retry")], null, T0), CancellationToken.None);
        Assert.Null((await Store.GetStepsAsync(id, CancellationToken.None))[0].FirstStartedAt);
        await Store.TryClaimStepAsync(id, 1, "w", T0.AddHours(1), TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(T0.AddHours(1), (await Store.GetStepsAsync(id, CancellationToken.None))[0].FirstStartedAt);
    }

    private static TransitionCommit Step1Done(long id, StepClaim claim, bool claimNext) => new(id, "A", 1, "A", true, null, null,
        [new StepChange(1, StepStatus.Done)],
        [new NewAuditEntry(T0, id, "test", "exch1", "A", "A", "StepSucceeded", "alice", "step 1 done")], null, T0.AddSeconds(35),
        claimNext ? 2 : null, claimNext ? "w" : null, TimeSpan.FromSeconds(30), claim);

    [SkippableFact]
    public async Task Transition_CommitsStateAuditAndNextStep_AndClaimsTheNextStepForTheCommitter()
    {
        var id = await CreateAsync();
        await Store.TryClaimStepAsync(id, 1, "w", T0, TimeSpan.FromMinutes(1), CancellationToken.None);
        var outcome = await Store.CommitTransitionAsync(new TransitionCommit(id, "A", 1, "A", true, null, null,
            [new StepChange(1, StepStatus.Done)],
            [new NewAuditEntry(T0, id, "test", "exch1", "A", "A", "StepSucceeded", "alice", "step 1 done")], null, T0, 2, "w", TimeSpan.FromMinutes(1)),
            CancellationToken.None);
        Assert.True(outcome.Committed);
        Assert.Equal((2, StepStatus.Running, "w", 1), (outcome.Claimed!.Seq, outcome.Claimed.Status, outcome.Claimed.ClaimedBy, outcome.Claimed.Attempts));
        var steps = await Store.GetStepsAsync(id, CancellationToken.None);
        Assert.Equal([StepStatus.Done, StepStatus.Running, StepStatus.Planned], steps.Select(s => s.Status));
        Assert.Equal("w", steps[1].ClaimedBy);
        Assert.Equal(2, (await Store.GetAsync(id, CancellationToken.None))!.Version);
    }

    [SkippableFact]
    public async Task Transition_IsNotCommitted_WhenTheVersionIsStale_AndChangesNothing()
    {
        var id = await CreateAsync();
        var stale = new TransitionCommit(id, "A", 7, "B", true, null, null, [new StepChange(1, StepStatus.Done)],
            [new NewAuditEntry(T0, id, "test", "exch1", "A", "B", "StepSucceeded", "alice", "should not land")], null, T0);
        Assert.False((await Store.CommitTransitionAsync(stale, CancellationToken.None)).Committed);
        Assert.Equal(StepStatus.Ready, (await Store.GetStepsAsync(id, CancellationToken.None))[0].Status);
        Assert.Equal(1, await AuditRowsAsync(id));
    }

    [SkippableFact]
    public async Task FinishingAProcedure_FreesItsHierarchy_AndRecordsThePlacement()
    {
        var id = await CreateAsync();
        await Store.CommitTransitionAsync(new TransitionCommit(id, "A", 1, "Completed", false, null, null, [],
            [new NewAuditEntry(T0, id, "test", "exch1", "A", "Completed", "StepSucceeded", "alice", "done")],
            new PlacementChange("exch1", "node2"), T0), CancellationToken.None);
        Assert.Contains(new PlacementChange("exch1", "node2"), await Store.GetPlacementsAsync(CancellationToken.None));
        Assert.NotEqual(id, await CreateAsync());
    }

    [SkippableFact]
    public async Task ADeadWorkersClaim_IsNotReleased_ButDispatchableOnceItsLeaseExpired()
    {
        var id = await CreateAsync();
        await Store.TryClaimStepAsync(id, 1, "dead-worker", T0, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Empty(await Store.FindDispatchableAsync("me", T0.AddSeconds(29), T0, CancellationToken.None));
        var dispatchable = await Store.FindDispatchableAsync("me", T0.AddSeconds(31), T0, CancellationToken.None);
        Assert.Equal((id, 1, StepStatus.Running), (dispatchable.Single().ProcedureId, dispatchable.Single().Seq, dispatchable.Single().Status));
    }

    [SkippableFact]
    public async Task AStepsOutcome_IsKeptOnlyWhenItIsDone()
    {
        var id = await CreateAsync();
        await Store.CommitTransitionAsync(new TransitionCommit(id, "A", 1, "A", true, null, null,
            [new StepChange(1, StepStatus.Done, Outcome: StepOutcome.Partial, OutcomeNote: "2 users failed to move"), new StepChange(2, StepStatus.Failed, "boom", Outcome: StepOutcome.Partial)],
            [new NewAuditEntry(T0, id, "test", "exch1", "A", "A", "StepSucceeded", "alice", "partly")], null, T0), CancellationToken.None);
        var steps = await Store.GetStepsAsync(id, CancellationToken.None);
        Assert.Equal((StepOutcome.Partial, "2 users failed to move", (DateTimeOffset?)T0), (steps[0].Outcome, steps[0].OutcomeNote, steps[0].CompletedAt));
        Assert.Equal((StepStatus.Failed, (string?)null, "boom"), (steps[1].Status, steps[1].Outcome, steps[1].LastError));
    }

    [SkippableFact]
    public async Task AHeldProcedure_WaitsForAnOperator_WithItsFirstStateToResume_AndNoStepReady()
    {
        var id = await Store.CreateAsync(
            new NewProcedure("test", "exch1", "A", "node1", "node2", "alice", "because", 1, T0, HoldReason: "automatic failover is disabled"), Plan,
            new NewAuditEntry(T0, null, "test", "exch1", null, "WaitingForOperator", "Requested", "alice", "held"), CancellationToken.None);
        var p = (await Store.GetAsync(id, CancellationToken.None))!;
        Assert.Equal(("WaitingForOperator", "A", "automatic failover is disabled", true), (p.State, p.ResumeState, p.LastError, p.IsActive));
        Assert.All(await Store.GetStepsAsync(id, CancellationToken.None), s => Assert.Equal(StepStatus.Planned, s.Status));
        Assert.Equal(id, (await Store.GetActiveAsync("EXCH1", CancellationToken.None))!.Id); // names compare without case
    }

    [SkippableFact]
    public async Task ATransition_ThatRequiresNoRunningStep_IsLost_WhileAStepRuns()
    {
        var id = await CreateAsync();
        TransitionCommit Cancel(long version) => new(id, "A", version, "Cancelled", false, null, null, [],
            [new NewAuditEntry(T0, id, "test", "exch1", "A", "Cancelled", "Cancel", "alice", "cancel")], null, T0, RequireRunningStep: false);
        var claim = StepClaim.Of((await Store.TryClaimStepAsync(id, 1, "w", T0, TimeSpan.FromSeconds(30), CancellationToken.None))!);
        Assert.False((await Store.CommitTransitionAsync(Cancel(1), CancellationToken.None)).Committed);
        Assert.True(await Store.RecordInterruptedAsync(claim, "interrupted", T0, CancellationToken.None));
        Assert.True((await Store.CommitTransitionAsync(Cancel(1), CancellationToken.None)).Committed);
        Assert.Null(await Store.GetActiveAsync("exch1", CancellationToken.None));
    }

    [SkippableFact]
    public async Task AStepGivenBack_AfterItsProcedureEnded_IsCancelled_NotReady()
    {
        var id = await CreateAsync();
        var claim = StepClaim.Of((await Store.TryClaimStepAsync(id, 1, "w", T0, TimeSpan.FromSeconds(30), CancellationToken.None))!);
        Assert.True((await Store.CommitTransitionAsync(new TransitionCommit(id, "A", 1, "Cancelled", false, null, null, [],
            [new NewAuditEntry(T0, id, "test", "exch1", "A", "Cancelled", "Cancel", "alice", "cancel")], null, T0), CancellationToken.None)).Committed);
        Assert.True(await Store.RecordFailedAttemptAsync(claim, "boom", T0.AddSeconds(1), CancellationToken.None));
        Assert.Equal(StepStatus.Cancelled, (await Store.GetStepsAsync(id, CancellationToken.None))[0].Status);
        Assert.Empty(await Store.FindDispatchableAsync("w2", T0.AddMinutes(5), T0, CancellationToken.None));
    }

    [SkippableFact]
    public async Task TheFailoversOfAPeriod_AreListedNewestFirst_ByCreationTime()
    {
        var old = await Store.CreateAsync(
            new NewProcedure("test", "exch1", "A", "node1", "node2", "alice", "because", 1, T0.AddHours(-2)), Plan,
            new NewAuditEntry(T0, null, "test", "exch1", null, "A", "Requested", "alice", "because"), CancellationToken.None);
        await Store.CommitTransitionAsync(new TransitionCommit(old, "A", 1, "Completed", false, null, null, [],
            [new NewAuditEntry(T0, old, "test", "exch1", "A", "Completed", "StepSucceeded", "alice", "done")], null, T0), CancellationToken.None);
        var recent = await CreateAsync();
        var other = await CreateAsync("exch2");
        Assert.Equal([other, recent], (await Store.ListCreatedSinceAsync(null, T0.AddHours(-1), CancellationToken.None)).Select(p => p.Id));
        Assert.Equal([recent, old], (await Store.ListCreatedSinceAsync("EXCH1", T0.AddHours(-3), CancellationToken.None)).Select(p => p.Id));
    }
}
