using Dapper;
using Microsoft.Data.SqlClient;
using Orchestrator.Storage.Claims;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Rows;

namespace Orchestrator.Storage.SqlServer;

/// <summary>The steps of procedures: claims, the transition commit, give-backs and the sweeper's view.</summary>
public sealed partial class SqlServerProcedureStore
{
    /// <summary>A step's claim counts an attempt and starts its MAXWAIT deadline (once).</summary>
    private const string StepClaimCounters = "attempts = attempts + 1, first_started_at = COALESCE(first_started_at, @now)";

    /// <summary>
    /// A step is claimable (only while its procedure is active) while its procedure is in the step's phase, or draining
    /// (Cancelling/Suspending): the claimer of a draining procedure's step ends the drain instead of running the action.
    /// </summary>
    private static string StepRunsInState(string procedure, string step) =>
        $"({procedure}.state = {step}.phase OR {procedure}.state IN ('Cancelling', 'Suspending'))";

    private static readonly string ClaimStepSql = ClaimSql.Claim(
        ClaimTable.Steps, "o.is_active = 1", $"c.seq = @seq AND {StepRunsInState("o", "c")} AND {ClaimSql.Claimable("c.")}", StepClaimCounters);

    /// <summary>The next step, claimed inside the commit that enters its phase: planned or ready, not waiting.</summary>
    private static readonly string ClaimNextStepSql = ClaimSql.Claim(
        ClaimTable.Steps, "1 = 1", "c.seq = @seq AND c.phase = @phase AND c.status IN ('planned', 'ready') AND c.not_before IS NULL", StepClaimCounters);

    private static readonly string RenewStepSql = ClaimSql.Renew(ClaimTable.Steps);

    private static readonly string StepStillHeldSql = ClaimSql.StillHeld(ClaimTable.Steps);

    private static readonly string GiveBackStepSql = ClaimSql.GiveBack(
        ClaimTable.Steps,
        """
        status = CASE WHEN EXISTS (SELECT 1 FROM procedures p WHERE p.id = @OwnerId AND p.is_active = 1) THEN 'ready' ELSE 'cancelled' END,
        last_error = COALESCE(@error, last_error), waiting_for = @waitingFor,
        attempts = CASE WHEN @refund = 1 AND attempts > 0 THEN attempts - 1 WHEN @refund = 1 THEN 0 ELSE attempts END
        """);

    private static readonly string DispatchableStepsSql =
        $"""
        SELECT s.* FROM procedure_steps s JOIN procedures p ON p.id = s.procedure_id
         WHERE p.is_active = 1 AND {StepRunsInState("p", "s")} AND {ClaimSql.Dispatchable("s.")}
         ORDER BY s.procedure_id, s.seq
        """;

    private static readonly string MarkStepDispatchedSql = ClaimSql.MarkDispatched(ClaimTable.Steps);

    /// <summary>The procedure's row, taken exclusively to the commit's end: claims of its steps (which read it WITH (REPEATABLEREAD)) are before this commit or after it.</summary>
    private const string LockProcedureSql = "SELECT 1 FROM procedures WITH (XLOCK, ROWLOCK, HOLDLOCK) WHERE id = @ProcedureId";

    private const string UpdateStepSql =
        """
        UPDATE procedure_steps
           SET status = @NewStatus,
               last_error = COALESCE(@Error, CASE WHEN @NewStatus = 'done' THEN NULL ELSE last_error END),
               generation = generation + @Bump,
               attempts = CASE WHEN @Reset = 1 THEN 0 ELSE attempts END,
               first_started_at = CASE WHEN @ResetDeadline = 1 THEN NULL ELSE first_started_at END,
               claimed_by = NULL, claim_expires_at = NULL, not_before = NULL, dispatched_by = NULL, dispatched_at = NULL, waiting_for = NULL,
               completed_at = CASE WHEN @NewStatus IN ('done', 'failed', 'cancelled', 'skipped') THEN @at ELSE NULL END,
               outcome = CASE WHEN @NewStatus = 'done' THEN @Outcome ELSE NULL END,
               outcome_note = CASE WHEN @NewStatus = 'done' THEN @OutcomeNote ELSE NULL END
         WHERE procedure_id = @ProcedureId AND seq = @Seq
        """;

    /// <summary>The held step's change, made only while the claim holds it: the commit's "still held" check in the same statement.</summary>
    private static readonly string UpdateHeldStepSql = $"{UpdateStepSql} AND {ClaimSql.Held(ClaimTable.Steps)}";

    private const string MoveProcedureSql =
        """
        UPDATE procedures
           SET state = @NewState, version = version + 1, is_active = @IsActive, resume_state = @ResumeState,
               last_error = @LastError, updated_at = @at, completed_at = CASE WHEN @IsActive = 1 THEN NULL ELSE @at END
         WHERE id = @ProcedureId AND state = @ExpectedState AND version = @ExpectedVersion
           AND (@Running IS NULL
                OR @Running = CASE WHEN EXISTS (SELECT 1 FROM procedure_steps WHERE procedure_id = @ProcedureId AND status = 'running') THEN 1 ELSE 0 END)
        """;

    /// <summary>The placement's upsert: the key range is held (UPDLOCK, SERIALIZABLE) so two commits cannot both insert it.</summary>
    private const string PlaceSql =
        """
        UPDATE hierarchy_placements WITH (UPDLOCK, SERIALIZABLE) SET node = @Node, since = @at, procedure_id = @ProcedureId WHERE hierarchy = @Hierarchy;
        IF @@ROWCOUNT = 0
            INSERT INTO hierarchy_placements (hierarchy, node, since, procedure_id) VALUES (@Hierarchy, @Node, @at, @ProcedureId);
        """;

    public async Task<StepRecord?> TryClaimStepAsync(long id, int seq, string worker, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.SingleOrDefaultAsync<StepRecord>(
            connection, ClaimStepSql, new { owner = id, seq, worker, now = SqlInstant.Of(now), expires = SqlInstant.Of(now + lease) }).ConfigureAwait(false);
    }

    public async Task<bool> RenewClaimAsync(WorkClaim claim, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentOutOfRangeException.ThrowIfNotEqual(claim.Kind, WorkKinds.Step);
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var n = await connection.ExecuteAsync(RenewStepSql, new { claim.OwnerId, claim.Seq, claim.Token, now = SqlInstant.Of(now), expires = SqlInstant.Of(now + lease) }).ConfigureAwait(false);
        return n == 1;
    }

    public async Task<TransitionOutcome> CommitTransitionAsync(TransitionCommit c, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(c);
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginAsync(cancellationToken).ConfigureAwait(false);
        var at = SqlInstant.Of(c.At);

        await connection.ExecuteAsync(LockProcedureSql, new { c.ProcedureId }, tx).ConfigureAwait(false);

        // The held claim is checked by the held step's own update (its WHERE adds ClaimSql.Held), which comes first; a commit
        // that changes no row of the held step (or that requires a running step) checks it with the no-op "still held" update.
        var held = c.HeldClaim;
        var heldChange = held is null || held.OwnerId != c.ProcedureId || c.RequireRunningStep is not null ? null : c.Steps.FirstOrDefault(s => s.Seq == held.Seq);
        if (held is not null && heldChange is null && !await StillHeldAsync(connection, tx, held).ConfigureAwait(false))
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return TransitionOutcome.Stale;
        }

        if (held is not null && heldChange is not null && await UpdateStepAsync(connection, tx, c, heldChange, at, held).ConfigureAwait(false) == 0)
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return TransitionOutcome.Stale;
        }

        var moved = await connection.ExecuteAsync(
            MoveProcedureSql,
            new { c.NewState, c.IsActive, c.ResumeState, c.LastError, at, c.ProcedureId, c.ExpectedState, c.ExpectedVersion, Running = c.RequireRunningStep },
            tx).ConfigureAwait(false);
        if (moved == 0)
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return TransitionOutcome.Lost;
        }

        foreach (var s in c.Steps.Where(s => !ReferenceEquals(s, heldChange)))
        {
            await UpdateStepAsync(connection, tx, c, s, at, claim: null).ConfigureAwait(false);
        }

        if (c.Placement is { } placement)
        {
            await connection.ExecuteAsync(PlaceSql, new { placement.Hierarchy, placement.Node, at, c.ProcedureId }, tx).ConfigureAwait(false);
        }

        await SqlServerAuditWriter.AppendAsync(connection, tx, c.Audit).ConfigureAwait(false);

        StepRecord? claimed = null;
        if (c is { ClaimStep: int claimSeq, ClaimFor: { } worker, IsActive: true })
        {
            claimed = await DbRows.SingleOrDefaultAsync<StepRecord>(
                connection, ClaimNextStepSql,
                new { owner = c.ProcedureId, seq = claimSeq, phase = c.NewState, worker, now = at, expires = SqlInstant.Of(c.At + c.ClaimLease) }, tx).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new TransitionOutcome(true, claimed);
    }

    /// <summary>
    /// Applies one step change; with <paramref name="claim"/> only while that claim still holds the step (<see cref="ClaimSql.Held"/>).
    /// Returns the rows changed (0 or 1).
    /// </summary>
    private static Task<int> UpdateStepAsync(SqlConnection connection, SqlTransaction tx, TransitionCommit c, StepChange s, SqlInstant at, StepClaim? claim) =>
        connection.ExecuteAsync(
            claim is null ? UpdateStepSql : UpdateHeldStepSql,
            new
            {
                s.NewStatus, s.Error, Bump = s.BumpGeneration ? 1 : 0, Reset = s.ResetAttempts, s.ResetDeadline, at, c.ProcedureId, s.Seq,
                s.Outcome, s.OutcomeNote, OwnerId = claim?.OwnerId ?? 0, Token = claim?.Token ?? 0,
            },
            tx);

    private static async Task<bool> StillHeldAsync(SqlConnection connection, SqlTransaction tx, StepClaim claim) =>
        await connection.ExecuteAsync(StepStillHeldSql, new { claim.OwnerId, claim.Seq, claim.Token }, tx).ConfigureAwait(false) == 1;

    public Task<bool> RecordFailedAttemptAsync(StepClaim claim, string error, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        GiveBackAsync(claim, notBefore, error, waitingFor: null, refundAttempt: false, cancellationToken);

    public Task<bool> RecordWaitAsync(StepClaim claim, string waitingFor, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        GiveBackAsync(claim, notBefore, error: null, waitingFor, refundAttempt: true, cancellationToken);

    public Task<bool> RecordInterruptedAsync(StepClaim claim, string error, DateTimeOffset now, CancellationToken cancellationToken) =>
        GiveBackAsync(claim, now, error, waitingFor: null, refundAttempt: true, cancellationToken);

    /// <summary>
    /// A claimed step goes back to ready (cancelled when its procedure ended meanwhile), due again at <paramref name="notBefore"/>;
    /// false, and nothing changed, when the claim no longer holds the step.
    /// </summary>
    private async Task<bool> GiveBackAsync(
        StepClaim claim, DateTimeOffset notBefore, string? error, string? waitingFor, bool refundAttempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var n = await connection.ExecuteAsync(
            GiveBackStepSql,
            new { claim.OwnerId, claim.Seq, claim.Token, error, waitingFor, notBefore = SqlInstant.Of(notBefore), refund = refundAttempt }).ConfigureAwait(false);
        return n == 1;
    }

    public async Task<IReadOnlyList<StepRecord>> FindDispatchableAsync(string worker, DateTimeOffset now, DateTimeOffset staleBefore, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.QueryAsync<StepRecord>(
            connection, DispatchableStepsSql, new { worker, now = SqlInstant.Of(now), stale = SqlInstant.Of(staleBefore) }).ConfigureAwait(false);
    }

    public async Task MarkDispatchedAsync(long id, int seq, string worker, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(MarkStepDispatchedSql, new { owner = id, seq, worker, at = SqlInstant.Of(at) }).ConfigureAwait(false);
    }
}
