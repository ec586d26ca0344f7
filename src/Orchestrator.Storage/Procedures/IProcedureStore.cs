using Orchestrator.Storage.Claims;

namespace Orchestrator.Storage.Procedures;

/// <summary>Procedure instances and their steps. Every state change is a compare-and-set.</summary>
public interface IProcedureStore : IWorkClaimStore
{
    /// <summary>Creates the instance, its plan (first step ready) and its first audit row in one transaction.</summary>
    /// <exception cref="ActiveProcedureConflictException">another procedure is active on the hierarchy (checked first).</exception>
    /// <exception cref="StalePlanException">the hierarchy is no longer as the procedure's <see cref="NewProcedure.Basis"/> says.</exception>
    Task<long> CreateAsync(NewProcedure procedure, IReadOnlyList<PlannedStep> plan, Audit.NewAuditEntry audit, CancellationToken cancellationToken);

    Task<ProcedureRecord?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="limit"/> procedures (of one hierarchy, ignoring case, or of all), newest first.</summary>
    Task<IReadOnlyList<ProcedureRecord>> ListAsync(string? hierarchy, int limit, CancellationToken cancellationToken) =>
        ListAsync(hierarchy, limit, null, cancellationToken);

    /// <summary>
    /// One page of procedures, newest first: the newest <paramref name="limit"/> (of one hierarchy, ignoring case, or of
    /// all), or — with <paramref name="beforeId"/> — the next <paramref name="limit"/> older than that id.
    /// </summary>
    Task<IReadOnlyList<ProcedureRecord>> ListAsync(string? hierarchy, int limit, long? beforeId, CancellationToken cancellationToken);

    /// <summary>
    /// Every active procedure (at most one per hierarchy), by hierarchy, read through the <c>is_active</c> index — however
    /// many procedures ran before them. Whoever wants the active procedures asks this, never "the newest N".
    /// </summary>
    Task<IReadOnlyList<ProcedureRecord>> ListActiveAsync(CancellationToken cancellationToken);

    /// <summary>The hierarchy's active procedure (ignoring case), or null; read through the <c>is_active</c> index.</summary>
    Task<ProcedureRecord?> GetActiveAsync(string hierarchy, CancellationToken cancellationToken);

    Task<IReadOnlyList<StepRecord>> GetStepsAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// Claims a ready step for a worker — or a running one whose claim expired — giving it a new fencing token; returns
    /// the claimed step as stored (with <see cref="StepRecord.ClaimToken"/>), or null when a live claim holds it (whoever
    /// the worker) or it is not runnable.
    /// </summary>
    Task<StepRecord?> TryClaimStepAsync(long id, int seq, string worker, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Commits a transition; not committed when the instance is no longer in the expected state and version.</summary>
    Task<TransitionOutcome> CommitTransitionAsync(TransitionCommit commit, CancellationToken cancellationToken);

    /// <summary>
    /// Gives back a claimed step after a failed attempt, to be retried not before the given instant; false (nothing
    /// changed) when the claim is stale.
    /// </summary>
    Task<bool> RecordFailedAttemptAsync(StepClaim claim, string error, DateTimeOffset notBefore, CancellationToken cancellationToken);

    /// <summary>
    /// Gives back a claimed step that waits (a durable poll): ready again not before the given instant, saying what it
    /// waits for, without spending an attempt; false (nothing changed) when the claim is stale.
    /// </summary>
    Task<bool> RecordWaitAsync(StepClaim claim, string waitingFor, DateTimeOffset notBefore, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="RecordFailedAttemptAsync(StepClaim, string, DateTimeOffset, CancellationToken)"/>, retried after
    /// <paramref name="backoff"/>: a store whose clock is the database's (PostgreSQL) adds it to that clock, not to
    /// <paramref name="now"/> (the runner's), so runners whose clocks disagree still wait the backoff meant.
    /// </summary>
    Task<bool> RecordFailedAttemptAsync(StepClaim claim, string error, DateTimeOffset now, TimeSpan backoff, CancellationToken cancellationToken) =>
        RecordFailedAttemptAsync(claim, error, now + backoff, cancellationToken);

    /// <summary>
    /// As <see cref="RecordWaitAsync(StepClaim, string, DateTimeOffset, CancellationToken)"/>, ready again after
    /// <paramref name="wait"/>, added to the database's clock by a store whose clock it is (PostgreSQL).
    /// </summary>
    Task<bool> RecordWaitAsync(StepClaim claim, string waitingFor, DateTimeOffset now, TimeSpan wait, CancellationToken cancellationToken) =>
        RecordWaitAsync(claim, waitingFor, now + wait, cancellationToken);

    /// <summary>
    /// Gives back a claimed step whose worker hit an infrastructure failure (a busy database on commit…): ready again at
    /// once, without spending an attempt; false (nothing changed) when the claim is stale.
    /// </summary>
    Task<bool> RecordInterruptedAsync(StepClaim claim, string error, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The sweeper's work list: steps of active procedures in their phase that are ready and due, or running with an
    /// expired lease — except ready ones <paramref name="worker"/> dispatched since <paramref name="staleBefore"/>.
    /// </summary>
    Task<IReadOnlyList<StepRecord>> FindDispatchableAsync(string worker, DateTimeOffset now, DateTimeOffset staleBefore, CancellationToken cancellationToken);

    Task MarkDispatchedAsync(long id, int seq, string worker, DateTimeOffset at, CancellationToken cancellationToken);

    Task<IReadOnlyList<PlacementChange>> GetPlacementsAsync(CancellationToken cancellationToken);

    /// <summary>The hierarchy's placement, newest procedure and active procedure, read in one transaction.</summary>
    Task<HierarchyPicture> GetPictureAsync(string hierarchy, CancellationToken cancellationToken);

    /// <summary>
    /// The procedures created at or after <paramref name="since"/> — of one hierarchy (ignoring case), or of every hierarchy
    /// when <paramref name="hierarchy"/> is null — newest first, in one read (through <c>ix_procedures_created_at</c>,
    /// whatever the history): what anti-flapping needs of a round's or a move's recent failovers.
    /// </summary>
    Task<IReadOnlyList<ProcedureRecord>> ListCreatedSinceAsync(string? hierarchy, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// The instant procedures' and audit rows' times are compared with (anti-flapping's window): <paramref name="callerNow"/>,
    /// or, on a store that dates them by the database's clock (PostgreSQL), that clock.
    /// </summary>
    Task<DateTimeOffset> ClockAsync(DateTimeOffset callerNow, CancellationToken cancellationToken) => Task.FromResult(callerNow);
}
