using Dapper;
using Npgsql;
using NpgsqlTypes;
using Orchestrator.Storage.Claims;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Rows;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>The steps of procedures: claims, the transition commit, give-backs and the sweeper's view.</summary>
public sealed partial class PostgresProcedureStore
{
    /// <summary>A step's claim counts an attempt and starts its MAXWAIT deadline (once).</summary>
    private const string StepClaimCounters = "attempts = t.attempts + 1, first_started_at = COALESCE(t.first_started_at, @now)"; // the engine judges MAXWAIT by its clock

    /// <summary>
    /// A step is claimable (only while its procedure is active) while its procedure is in the step's phase, or draining
    /// (Cancelling/Suspending): the claimer of a draining procedure's step ends the drain instead of running the action.
    /// </summary>
    private static string StepRunsInState(string procedure, string step) =>
        $"({procedure}.state = {step}.phase OR {procedure}.state IN ('Cancelling', 'Suspending'))";

    private static readonly string ClaimStepSql = ClaimSql.Claim(
        ClaimTable.Steps, "o.is_active", $"c.seq = @seq AND {StepRunsInState("owner", "c")} AND {ClaimSql.Claimable("c.")}", StepClaimCounters);

    /// <summary>The next step, claimed inside the commit that enters its phase: planned or ready, not waiting.</summary>
    private static readonly string ClaimNextStepSql = ClaimSql.Claim(
        ClaimTable.Steps, "true", "c.seq = @seq AND c.phase = @phase AND c.status IN ('planned', 'ready') AND c.not_before IS NULL", StepClaimCounters);

    private static readonly string RenewStepSql = ClaimSql.Renew(ClaimTable.Steps);

    private static readonly string StepStillHeldSql = ClaimSql.StillHeld(ClaimTable.Steps);

    private const string GiveBackStepSet =
        """
        status = CASE WHEN EXISTS (SELECT 1 FROM procedures p WHERE p.id = @OwnerId AND p.is_active) THEN 'ready' ELSE 'cancelled' END,
        last_error = COALESCE(@error, last_error), waiting_for = @waitingFor,
        attempts = CASE WHEN @refund THEN GREATEST(attempts - 1, 0) ELSE attempts END
        """;

    /// <summary>The give-back due after a delay on the database's clock (<see cref="ClaimSql.DueAfter"/>).</summary>
    private static readonly string GiveBackStepSql = ClaimSql.GiveBack(ClaimTable.Steps, GiveBackStepSet);

    /// <summary>The give-back due at an instant the caller gives (the interface's older overloads: the caller's clock).</summary>
    private static readonly string GiveBackStepAtSql = ClaimSql.GiveBack(ClaimTable.Steps, GiveBackStepSet, "@notBefore");

    private static readonly string DispatchableStepsSql =
        $"""
        SELECT s.* FROM procedure_steps s JOIN procedures p ON p.id = s.procedure_id
         WHERE p.is_active AND {StepRunsInState("p", "s")} AND {ClaimSql.Dispatchable("s.")}
         ORDER BY s.procedure_id, s.seq
        """;

    private static readonly string MarkStepDispatchedSql = ClaimSql.MarkDispatched(ClaimTable.Steps);

    private const string UpdateStepSql =
        """
        UPDATE procedure_steps
           SET status = @NewStatus,
               last_error = COALESCE(@Error, CASE WHEN @NewStatus = 'done' THEN NULL ELSE last_error END),
               generation = generation + @Bump,
               attempts = CASE WHEN @Reset THEN 0 ELSE attempts END,
               first_started_at = CASE WHEN @ResetDeadline THEN NULL ELSE first_started_at END,
               claimed_by = NULL, claim_expires_at = NULL, not_before = NULL, dispatched_by = NULL, dispatched_at = NULL, waiting_for = NULL,
               completed_at = CASE WHEN @NewStatus IN ('done', 'failed', 'cancelled', 'skipped') THEN lease_clock(@at) ELSE NULL END,
               outcome = CASE WHEN @NewStatus = 'done' THEN @Outcome ELSE NULL END,
               outcome_note = CASE WHEN @NewStatus = 'done' THEN @OutcomeNote ELSE NULL END
         WHERE procedure_id = @ProcedureId AND seq = @Seq
        """;

    /// <summary>The held step's change, made only while the claim holds it: the commit's "still held" check in the same statement.</summary>
    private static readonly string UpdateHeldStepSql = $"{UpdateStepSql} AND {ClaimSql.Held(ClaimTable.Steps)}";

    public async Task<StepRecord?> TryClaimStepAsync(long id, int seq, string worker, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.SingleOrDefaultAsync<StepRecord>(
            connection, ClaimStepSql, new { owner = id, seq, worker, now = PgInstant.Of(now), leaseSeconds = lease.TotalSeconds }).ConfigureAwait(false);
    }

    public async Task<bool> RenewClaimAsync(WorkClaim claim, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentOutOfRangeException.ThrowIfNotEqual(claim.Kind, WorkKinds.Step);
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var n = await connection.ExecuteAsync(RenewStepSql, new { claim.OwnerId, claim.Seq, claim.Token, now = PgInstant.Of(now), leaseSeconds = lease.TotalSeconds }).ConfigureAwait(false);
        return n == 1;
    }

    /// <summary>The procedure's row first: claims of its steps (which hold it FOR SHARE) are before this commit or after it.</summary>
    private const string LockProcedureSql = "SELECT 1 FROM procedures WHERE id = @ProcedureId FOR UPDATE";

    /// <summary>The refusal of a commit made for a claim that no longer holds its step.</summary>
    private const string ClaimNotHeld = "step_claim_held";

    /// <summary>The refusal of a commit whose procedure is no longer in the expected state and version (or steps).</summary>
    private const string NotExpectedState = "procedure_expected_state";

    private static readonly string HeldStepChangeSql = PgBatch.ExpectOne(UpdateHeldStepSql, ClaimNotHeld);

    private static readonly string StepStillHeldCheckSql = PgBatch.ExpectOne(StepStillHeldSql, ClaimNotHeld);

    private static readonly string MoveProcedureSql = PgBatch.ExpectOne(
        """
        UPDATE procedures
           SET state = @NewState, version = version + 1, is_active = @IsActive, resume_state = @ResumeState,
               last_error = @LastError, updated_at = lease_clock(@at), completed_at = CASE WHEN @IsActive THEN NULL ELSE lease_clock(@at) END
         WHERE id = @ProcedureId AND state = @ExpectedState AND version = @ExpectedVersion
           AND (@Running::boolean IS NULL OR @Running = EXISTS (SELECT 1 FROM procedure_steps WHERE procedure_id = @ProcedureId AND status = 'running'))
        """,
        NotExpectedState);

    private const string PlaceSql =
        """
        INSERT INTO hierarchy_placements (hierarchy, node, since, procedure_id) VALUES (@Hierarchy, @Node, lease_clock(@at), @ProcedureId)
        ON CONFLICT (hierarchy) DO UPDATE SET node = excluded.node, since = excluded.since, procedure_id = excluded.procedure_id
        """;

    /// <summary>
    /// The transition in one round trip: one prepared batch, one implicit transaction (issue 13: a step on PostgreSQL at
    /// most 3x a raw commit). Its times (the procedure's, the steps' completion, the placement's, the audit rows') are the
    /// database's clock (<c>lease_clock</c>), not <see cref="TransitionCommit.At"/>. The checks that refuse it are in the
    /// SQL (<see cref="PgBatch.ExpectOne"/>): the held
    /// claim's, first, by the held step's own update (its WHERE adds <see cref="ClaimSql.Held"/>), or by the no-op
    /// "still held" update when the commit changes no row of the held step (or requires a running step); then the
    /// procedure's expected state and version. A refusal raises, so the transaction ends and changes nothing.
    /// </summary>
    public async Task<TransitionOutcome> CommitTransitionAsync(TransitionCommit c, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(c);
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        batch.Add(LockProcedureSql).With("ProcedureId", NpgsqlDbType.Bigint, c.ProcedureId);

        var held = c.HeldClaim;
        var heldChange = held is null || held.OwnerId != c.ProcedureId || c.RequireRunningStep is not null ? null : c.Steps.FirstOrDefault(s => s.Seq == held.Seq);
        if (held is not null && heldChange is null)
        {
            batch.Add(StepStillHeldCheckSql)
                .With("OwnerId", NpgsqlDbType.Bigint, held.OwnerId).With("Seq", NpgsqlDbType.Integer, held.Seq).With("Token", NpgsqlDbType.Bigint, held.Token);
        }
        else if (held is not null && heldChange is not null)
        {
            AddStepChange(batch, HeldStepChangeSql, c, heldChange) // its @Seq is the held claim's
                .With("OwnerId", NpgsqlDbType.Bigint, held.OwnerId).With("Token", NpgsqlDbType.Bigint, held.Token);
        }

        batch.Add(MoveProcedureSql)
            .With("NewState", NpgsqlDbType.Text, c.NewState)
            .With("IsActive", NpgsqlDbType.Boolean, c.IsActive)
            .With("ResumeState", NpgsqlDbType.Text, c.ResumeState)
            .With("LastError", NpgsqlDbType.Text, c.LastError)
            .WithInstant("at", c.At)
            .With("ProcedureId", NpgsqlDbType.Bigint, c.ProcedureId)
            .With("ExpectedState", NpgsqlDbType.Text, c.ExpectedState)
            .With("ExpectedVersion", NpgsqlDbType.Bigint, c.ExpectedVersion)
            .With("Running", NpgsqlDbType.Boolean, c.RequireRunningStep);

        foreach (var s in c.Steps.Where(s => !ReferenceEquals(s, heldChange)))
        {
            AddStepChange(batch, UpdateStepSql, c, s);
        }

        if (c.Placement is { } placement)
        {
            batch.Add(PlaceSql)
                .With("Hierarchy", NpgsqlDbType.Text, placement.Hierarchy)
                .With("Node", NpgsqlDbType.Text, placement.Node)
                .WithInstant("at", c.At)
                .With("ProcedureId", NpgsqlDbType.Bigint, c.ProcedureId);
        }

        if (c.IsActive && c.Steps.Any(s => s.NewStatus == StepStatus.Ready && s.Seq != c.ClaimStep))
        {
            batch.Add(PostgresWorkSignal.NotifySql); // a step made ready and not claimed here: the runners' sweeper is told at the commit
        }

        var claims = c is { ClaimStep: int, ClaimFor: not null, IsActive: true };
        if (claims)
        {
            batch.Add(ClaimNextStepSql)
                .With("owner", NpgsqlDbType.Bigint, c.ProcedureId)
                .With("seq", NpgsqlDbType.Integer, c.ClaimStep)
                .With("phase", NpgsqlDbType.Text, c.NewState)
                .With("worker", NpgsqlDbType.Text, c.ClaimFor)
                .WithInstant("now", c.At)
                .With("leaseSeconds", NpgsqlDbType.Double, c.ClaimLease.TotalSeconds);
        }

        // The audit rows last, to audit_pending (db/postgres/0013): no lock shared with another runner's commit; linked
        // into the chain after the commit, in the background, with whatever else is pending then.
        PostgresAuditWriter.AddTo(batch, c.Audit);
        var appends = c.Audit.Count;
        TransitionOutcome outcome;
        try
        {
            await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                // Every result is a check's or an append's one row but the claim's, just before the appends': the claimed step or none.
                var results = new List<List<StepRecord>>();
                do
                {
                    results.Add(await DbRows.ReadAsync<StepRecord>(reader).ConfigureAwait(false));
                }
                while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));

                outcome = new TransitionOutcome(true, claims ? results[results.Count - 1 - appends].SingleOrDefault() : null);
            }
        }
        catch (PostgresException e) when (e.IsRefusal(ClaimNotHeld))
        {
            return TransitionOutcome.Stale;
        }
        catch (PostgresException e) when (e.IsRefusal(NotExpectedState))
        {
            return TransitionOutcome.Lost;
        }

        // The batch's implicit transaction has committed once its reader is done.
        if (appends > 0)
        {
            factory.AuditLinker.Nudge();
        }

        return outcome;
    }

    /// <summary>One step change; with <see cref="HeldStepChangeSql"/> the caller adds the held claim's parameters.</summary>
    private static NpgsqlBatchCommand AddStepChange(NpgsqlBatch batch, string sql, TransitionCommit c, StepChange s) =>
        batch.Add(sql)
            .With("NewStatus", NpgsqlDbType.Text, s.NewStatus)
            .With("Error", NpgsqlDbType.Text, s.Error)
            .With("Bump", NpgsqlDbType.Integer, s.BumpGeneration ? 1 : 0)
            .With("Reset", NpgsqlDbType.Boolean, s.ResetAttempts)
            .With("ResetDeadline", NpgsqlDbType.Boolean, s.ResetDeadline)
            .WithInstant("at", c.At)
            .With("ProcedureId", NpgsqlDbType.Bigint, c.ProcedureId)
            .With("Seq", NpgsqlDbType.Integer, s.Seq)
            .With("Outcome", NpgsqlDbType.Text, s.Outcome)
            .With("OutcomeNote", NpgsqlDbType.Text, s.OutcomeNote);

    /// <summary>Due at <paramref name="notBefore"/> as given (the caller's clock); the engine gives a backoff instead (the overload with a delay).</summary>
    public Task<bool> RecordFailedAttemptAsync(StepClaim claim, string error, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        GiveBackAsync(claim, GiveBackStepAt(notBefore), error, waitingFor: null, refundAttempt: false, cancellationToken);

    /// <summary>Due at <paramref name="notBefore"/> as given (the caller's clock); the engine gives a wait instead (the overload with a delay).</summary>
    public Task<bool> RecordWaitAsync(StepClaim claim, string waitingFor, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        GiveBackAsync(claim, GiveBackStepAt(notBefore), error: null, waitingFor, refundAttempt: true, cancellationToken);

    /// <summary>Due <paramref name="backoff"/> after the database's now (<see cref="ClaimSql.DueAfter"/>), whatever <paramref name="now"/> says.</summary>
    public Task<bool> RecordFailedAttemptAsync(StepClaim claim, string error, DateTimeOffset now, TimeSpan backoff, CancellationToken cancellationToken) =>
        GiveBackAsync(claim, GiveBackStepAfter(now, backoff), error, waitingFor: null, refundAttempt: false, cancellationToken);

    /// <summary>Due <paramref name="wait"/> after the database's now (<see cref="ClaimSql.DueAfter"/>), whatever <paramref name="now"/> says.</summary>
    public Task<bool> RecordWaitAsync(StepClaim claim, string waitingFor, DateTimeOffset now, TimeSpan wait, CancellationToken cancellationToken) =>
        GiveBackAsync(claim, GiveBackStepAfter(now, wait), error: null, waitingFor, refundAttempt: true, cancellationToken);

    /// <summary>Due at once by the database's clock.</summary>
    public Task<bool> RecordInterruptedAsync(StepClaim claim, string error, DateTimeOffset now, CancellationToken cancellationToken) =>
        GiveBackAsync(claim, GiveBackStepAfter(now, TimeSpan.Zero), error, waitingFor: null, refundAttempt: true, cancellationToken);

    private static (string Sql, DynamicParameters Due) GiveBackStepAt(DateTimeOffset notBefore)
    {
        var due = new DynamicParameters();
        due.AddDynamicParams(new { notBefore = PgInstant.Of(notBefore) });
        return (GiveBackStepAtSql, due);
    }

    private static (string Sql, DynamicParameters Due) GiveBackStepAfter(DateTimeOffset now, TimeSpan delay)
    {
        var due = new DynamicParameters();
        due.AddDynamicParams(new { now = PgInstant.Of(now), delaySeconds = Math.Max(0, delay.TotalSeconds) });
        return (GiveBackStepSql, due);
    }

    /// <summary>
    /// A claimed step goes back to ready (cancelled when its procedure ended meanwhile), due when <paramref name="give"/>
    /// says; false, and nothing changed, when the claim no longer holds the step.
    /// </summary>
    private async Task<bool> GiveBackAsync(
        StepClaim claim, (string Sql, DynamicParameters Due) give, string? error, string? waitingFor, bool refundAttempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        give.Due.AddDynamicParams(new { claim.OwnerId, claim.Seq, claim.Token, error, waitingFor, refund = refundAttempt });
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var n = await connection.ExecuteAsync(give.Sql, give.Due).ConfigureAwait(false);
        return n == 1;
    }

    public async Task<IReadOnlyList<StepRecord>> FindDispatchableAsync(string worker, DateTimeOffset now, DateTimeOffset staleBefore, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.QueryAsync<StepRecord>(
            connection, DispatchableStepsSql, new { worker, now = PgInstant.Of(now), stale = PgInstant.Of(staleBefore) }).ConfigureAwait(false);
    }

    public async Task MarkDispatchedAsync(long id, int seq, string worker, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(MarkStepDispatchedSql, new { owner = id, seq, worker, at = PgInstant.Of(at) }).ConfigureAwait(false);
    }
}
