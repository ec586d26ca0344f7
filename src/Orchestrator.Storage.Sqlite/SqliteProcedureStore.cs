using Dapper;
using Microsoft.Data.Sqlite;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Claims;
using Orchestrator.Storage.Procedures;
using static Orchestrator.Storage.Sqlite.DapperConfiguration;

namespace Orchestrator.Storage.Sqlite;

/// <summary>Procedure instances and steps in SQLite. Every write is one IMMEDIATE transaction.</summary>
public sealed class SqliteProcedureStore(SqliteConnectionFactory factory) : IProcedureStore, IDisposable
{
    /// <summary>The kept write connection of the step claim and commit, with their prepared statements.</summary>
    private readonly SqliteKeptWriter writer = new(factory);

    private const int SqliteConstraint = 19;

    /// <summary>The state a held procedure is created in (the engine's ProcedureStates.WaitingForOperator).</summary>
    private const string WaitingForOperator = "WaitingForOperator";

    public async Task<long> CreateAsync(NewProcedure p, IReadOnlyList<PlannedStep> plan, NewAuditEntry audit, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = connection.BeginTransaction();
        await SqliteLeaderFence.CheckAsync(connection, tx).ConfigureAwait(false); // a leader's launch: its epoch still current (issue 13)
        long id;
        try
        {
            id = await connection.ExecuteScalarAsync<long>(
                """
                INSERT INTO procedures (kind, hierarchy, state, version, is_active, source_node, target_node, requested_by, reason, resume_state, last_error, definition_version, created_at, updated_at)
                VALUES (@Kind, @Hierarchy, @State, 1, 1, @SourceNode, @TargetNode, @RequestedBy, @Reason, @ResumeState, @HoldReason, @DefinitionVersion, @At, @At)
                RETURNING id
                """,
                new
                {
                    p.Kind, p.Hierarchy, State = p.HoldReason is null ? p.InitialState : WaitingForOperator, p.SourceNode, p.TargetNode, p.RequestedBy, p.Reason,
                    ResumeState = p.HoldReason is null ? null : p.InitialState, p.HoldReason, p.DefinitionVersion, At = Format(p.At),
                },
                tx).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            var active = await connection.QuerySingleOrDefaultAsync<ProcedureRecord>(
                "SELECT * FROM procedures WHERE hierarchy = @Hierarchy AND is_active = 1", new { p.Hierarchy }).ConfigureAwait(false);
            if (active is null)
            {
                // The holder ended between the rollback and this read (another process's commit): named by its real id, as ended.
                var ended = await connection.QuerySingleAsync<ProcedureRecord>(
                    "SELECT * FROM procedures WHERE hierarchy = @Hierarchy ORDER BY id DESC LIMIT 1", new { p.Hierarchy }).ConfigureAwait(false);
                throw ActiveProcedureConflictException.HolderEnded(ended);
            }

            throw new ActiveProcedureConflictException(active.Hierarchy, active.Id, active.Kind, active.State);
        }

        if (p.Basis is { } basis)
        {
            // The slot is taken (the insert above holds the write lock): the hierarchy must still be as the plan saw it.
            var now = await ReadBasisAsync(connection, tx, p.Hierarchy, id).ConfigureAwait(false);
            if (!string.Equals(now.PlacedOn, basis.PlacedOn, StringComparison.OrdinalIgnoreCase) || now.LastProcedureId != basis.LastProcedureId)
            {
                await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                throw new StalePlanException(p.Hierarchy, basis, now);
            }
        }

        var ready = p.HoldReason is null;
        var dispatchedBy = ready ? p.DispatchedBy : null;
        for (var i = 0; i < plan.Count; i++)
        {
            var s = plan[i];
            var first = i == 0 && ready;
            await connection.ExecuteAsync(
                """
                INSERT INTO procedure_steps (procedure_id, seq, phase, action, node, target, max_wait_seconds, status, dispatched_by, dispatched_at)
                VALUES (@Id, @Seq, @Phase, @Action, @Node, @Target, @MaxWaitSeconds, @Status, @DispatchedBy, @DispatchedAt)
                """,
                new
                {
                    Id = id, Seq = i + 1, s.Phase, s.Action, s.Node, s.Target, s.MaxWaitSeconds, Status = first ? StepStatus.Ready : StepStatus.Planned,
                    DispatchedBy = first ? dispatchedBy : null, DispatchedAt = first && dispatchedBy is not null ? Format(p.At) : null,
                },
                tx).ConfigureAwait(false);
        }

        await SqliteAuditWriter.AppendAsync(connection, tx, [audit with { ProcedureId = id }]).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <summary>Commands prepared for the step claim and commit so far (each is prepared once on the kept connection).</summary>
    internal int StatementsPrepared => writer.Prepared;

    /// <summary>Closes the kept write connection.</summary>
    public void Dispose() => writer.Dispose();

    public async Task<ProcedureRecord?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<ProcedureRecord>("SELECT * FROM procedures WHERE id = @id", new { id }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ProcedureRecord>> ListAsync(string? hierarchy, int limit, long? beforeId, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ProcedureRecord>(
            "SELECT * FROM procedures WHERE (@hierarchy IS NULL OR hierarchy = @hierarchy COLLATE NOCASE) AND (@beforeId IS NULL OR id < @beforeId) "
            + "ORDER BY id DESC LIMIT @limit",
            new { hierarchy, limit, beforeId }).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>Served by the partial index ux_procedures_one_active_per_hierarchy (it holds only the active rows).</summary>
    public const string ListActiveSql = "SELECT * FROM procedures WHERE is_active = 1 ORDER BY hierarchy";

    public async Task<IReadOnlyList<ProcedureRecord>> ListActiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ProcedureRecord>(ListActiveSql).ConfigureAwait(false);
        return rows.AsList();
    }

    public async Task<ProcedureRecord?> GetActiveAsync(string hierarchy, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<ProcedureRecord>(
            "SELECT * FROM procedures WHERE is_active = 1 AND hierarchy = @hierarchy COLLATE NOCASE", new { hierarchy }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StepRecord>> GetStepsAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<StepRecord>("SELECT * FROM procedure_steps WHERE procedure_id = @id ORDER BY seq", new { id }).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>A step's claim counts an attempt and starts its MAXWAIT deadline (once).</summary>
    private const string StepClaimCounters = "attempts = attempts + 1, first_started_at = COALESCE(first_started_at, @now)";

    /// <summary>
    /// A step is claimable (only while its procedure is active) while its procedure is in the step's phase, or draining (Cancelling/Suspending): the claimer
    /// of a draining procedure's step ends the drain instead of running the action.
    /// </summary>
    private const string StepRunsInState = "(p.state = procedure_steps.phase OR p.state IN ('Cancelling', 'Suspending'))";

    /// <summary>A step is claimed only while its procedure is active and in the step's phase (or draining).</summary>
    private static readonly string ClaimStepSql = ClaimSql.Claim(
        ClaimTable.Steps, $"seq = @seq AND {ClaimSql.Claimable()}",
        $"EXISTS (SELECT 1 FROM procedures p WHERE p.id = @owner AND p.is_active = 1 AND {StepRunsInState})", StepClaimCounters);

    /// <summary>The next step, claimed inside the commit that enters its phase: planned or ready, not waiting.</summary>
    private static readonly string ClaimNextStepSql = ClaimSql.Claim(
        ClaimTable.Steps, "seq = @seq AND phase = @phase AND status IN ('planned', 'ready') AND not_before IS NULL", "1 = 1", StepClaimCounters);

    private static readonly string RenewStepSql = ClaimSql.Renew(ClaimTable.Steps);

    private static readonly string StepStillHeldSql = ClaimSql.StillHeld(ClaimTable.Steps);

    private static readonly string GiveBackStepSql = ClaimSql.GiveBack(
        ClaimTable.Steps,
        """
        status = CASE WHEN EXISTS (SELECT 1 FROM procedures p WHERE p.id = @OwnerId AND p.is_active = 1) THEN 'ready' ELSE 'cancelled' END,
        last_error = COALESCE(@error, last_error), waiting_for = @waitingFor,
        attempts = CASE WHEN @refund = 1 THEN MAX(attempts - 1, 0) ELSE attempts END
        """);

    /// <summary>The sweeper's read: served by the partial index of live steps, ix_procedure_steps_live.</summary>
    internal static readonly string DispatchableStepsSql =
        $"""
        SELECT s.* FROM procedure_steps s JOIN procedures p ON p.id = s.procedure_id
         WHERE p.is_active = 1 AND {StepRunsInState.Replace("procedure_steps.", "s.", StringComparison.Ordinal)} AND {ClaimSql.Dispatchable("s.")}
         ORDER BY s.procedure_id, s.seq
        """;

    private static readonly string MarkStepDispatchedSql = ClaimSql.MarkDispatched(ClaimTable.Steps);

    public Task<StepRecord?> TryClaimStepAsync(long id, int seq, string worker, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            (_, statements) => statements.SingleOrDefault<StepRecord>(
                ClaimStepSql, ("@owner", id), ("@seq", seq), ("@worker", worker), ("@now", Format(now)), ("@expires", Format(now + lease))),
            cancellationToken);

    public async Task<bool> RenewClaimAsync(WorkClaim claim, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentOutOfRangeException.ThrowIfNotEqual(claim.Kind, WorkKinds.Step);
        await using var connection = await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        var n = await connection.ExecuteAsync(RenewStepSql, new { claim.OwnerId, claim.Seq, claim.Token, expires = Format(now + lease) }).ConfigureAwait(false);
        return n == 1;
    }

    public Task<TransitionOutcome> CommitTransitionAsync(TransitionCommit c, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(c);
        return writer.WriteAsync((connection, statements) => CommitTransition(connection, statements, c, cancellationToken), cancellationToken);
    }

    /// <summary>The step commit, on the kept write connection's prepared statements (one IMMEDIATE transaction).</summary>
    private static TransitionOutcome CommitTransition(SqliteConnection connection, SqliteStatements statements, TransitionCommit c, CancellationToken cancellationToken)
    {
        using var tx = connection.BeginTransaction();
        statements.Transaction = tx;
        var at = Format(c.At);
        // The held claim is checked by the held step's own update (its WHERE adds ClaimSql.Held), which comes first; a commit
        // that changes no row of the held step (or that requires a running step) checks it with the no-op "still held" update.
        // Either way, before anything else is written.
        var held = c.HeldClaim;
        var heldChange = held is null || held.OwnerId != c.ProcedureId || c.RequireRunningStep is not null ? null : c.Steps.FirstOrDefault(s => s.Seq == held.Seq);
        if (held is not null && heldChange is null
            && statements.Execute(StepStillHeldSql, ("@OwnerId", held.OwnerId), ("@Seq", held.Seq), ("@Token", held.Token)) != 1)
        {
            tx.Rollback();
            return TransitionOutcome.Stale;
        }

        if (held is not null && heldChange is not null && UpdateStep(statements, c, heldChange, at, held) == 0)
        {
            tx.Rollback();
            return TransitionOutcome.Stale;
        }

        var moved = statements.Execute(
            MoveProcedureSql,
            ("@NewState", c.NewState), ("@IsActive", c.IsActive ? 1 : 0), ("@ResumeState", c.ResumeState), ("@LastError", c.LastError), ("@at", at),
            ("@ProcedureId", c.ProcedureId), ("@ExpectedState", c.ExpectedState), ("@ExpectedVersion", c.ExpectedVersion),
            ("@Running", c.RequireRunningStep is { } running ? (running ? 1 : 0) : null));
        if (moved == 0)
        {
            tx.Rollback();
            return TransitionOutcome.Lost;
        }

        foreach (var s in c.Steps.Where(s => !ReferenceEquals(s, heldChange)))
        {
            UpdateStep(statements, c, s, at, claim: null);
        }

        if (c.Placement is { } placement)
        {
            statements.Execute(
                "INSERT OR REPLACE INTO hierarchy_placements (hierarchy, node, since, procedure_id) VALUES (@Hierarchy, @Node, @at, @ProcedureId)",
                ("@Hierarchy", placement.Hierarchy), ("@Node", placement.Node), ("@at", at), ("@ProcedureId", c.ProcedureId));
        }

        SqliteAuditWriter.Append(statements, c.Audit);

        StepRecord? claimed = null;
        if (c is { ClaimStep: int claimSeq, ClaimFor: { } worker, IsActive: true })
        {
            claimed = statements.SingleOrDefault<StepRecord>(
                ClaimNextStepSql,
                ("@owner", c.ProcedureId), ("@seq", claimSeq), ("@phase", c.NewState), ("@worker", worker), ("@now", at), ("@expires", Format(c.At + c.ClaimLease)));
        }

        cancellationToken.ThrowIfCancellationRequested();
        tx.Commit();
        return new TransitionOutcome(true, claimed);
    }

    private const string MoveProcedureSql =
        """
        UPDATE procedures
           SET state = @NewState, version = version + 1, is_active = @IsActive, resume_state = @ResumeState,
               last_error = @LastError, updated_at = @at, completed_at = CASE WHEN @IsActive = 0 THEN @at ELSE NULL END
         WHERE id = @ProcedureId AND state = @ExpectedState AND version = @ExpectedVersion
           AND (@Running IS NULL OR @Running = EXISTS (SELECT 1 FROM procedure_steps WHERE procedure_id = @ProcedureId AND status = 'running'))
        """;

    /// <summary>
    /// Applies one step change; with <paramref name="claim"/> only while that claim still holds the step (<see cref="ClaimSql.Held"/>).
    /// Returns the rows changed (0 or 1).
    /// </summary>
    private static int UpdateStep(SqliteStatements statements, TransitionCommit c, StepChange s, string at, StepClaim? claim) =>
        statements.Execute(
            claim is null ? UpdateStepSql : UpdateHeldStepSql,
            ("@NewStatus", s.NewStatus), ("@Error", s.Error), ("@Bump", s.BumpGeneration ? 1 : 0), ("@Reset", s.ResetAttempts ? 1 : 0),
            ("@ResetDeadline", s.ResetDeadline ? 1 : 0), ("@at", at), ("@ProcedureId", c.ProcedureId), ("@Seq", s.Seq),
            ("@Outcome", s.Outcome), ("@OutcomeNote", s.OutcomeNote), ("@OwnerId", claim?.OwnerId ?? 0), ("@Token", claim?.Token ?? 0));

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
        await using var connection = await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        var n = await connection.ExecuteAsync(
            GiveBackStepSql,
            new { claim.OwnerId, claim.Seq, claim.Token, error, waitingFor, notBefore = Format(notBefore), refund = refundAttempt ? 1 : 0 }).ConfigureAwait(false);
        return n == 1;
    }

    public async Task<IReadOnlyList<StepRecord>> FindDispatchableAsync(string worker, DateTimeOffset now, DateTimeOffset staleBefore, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<StepRecord>(DispatchableStepsSql, new { worker, now = Format(now), stale = Format(staleBefore) }).ConfigureAwait(false);
        return rows.AsList();
    }

    public async Task MarkDispatchedAsync(long id, int seq, string worker, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(MarkStepDispatchedSql, new { owner = id, seq, worker, at = Format(at) }).ConfigureAwait(false);
    }

    public async Task<HierarchyPicture> GetPictureAsync(string hierarchy, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = connection.BeginTransaction(deferred: true);
        var basis = await ReadBasisAsync(connection, tx, hierarchy, excluding: 0).ConfigureAwait(false);
        var active = await connection.QuerySingleOrDefaultAsync<ProcedureRecord>(
            "SELECT * FROM procedures WHERE hierarchy = @hierarchy COLLATE NOCASE AND is_active = 1", new { hierarchy }, tx).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new HierarchyPicture(hierarchy, basis.PlacedOn, basis.LastProcedureId, active);
    }

    private static async Task<PlanBasis> ReadBasisAsync(SqliteConnection connection, SqliteTransaction tx, string hierarchy, long excluding)
    {
        var placedOn = await connection.ExecuteScalarAsync<string?>(
            "SELECT node FROM hierarchy_placements WHERE hierarchy = @hierarchy COLLATE NOCASE", new { hierarchy }, tx).ConfigureAwait(false);
        var last = await connection.ExecuteScalarAsync<long>(
            "SELECT COALESCE(MAX(id), 0) FROM procedures WHERE hierarchy = @hierarchy COLLATE NOCASE AND id <> @excluding", new { hierarchy, excluding }, tx).ConfigureAwait(false);
        return new PlanBasis(placedOn, last);
    }

    public async Task<IReadOnlyList<PlacementChange>> GetPlacementsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Hierarchy, string? Node)>("SELECT hierarchy, node FROM hierarchy_placements ORDER BY hierarchy").ConfigureAwait(false);
        return rows.Select(r => new PlacementChange(r.Hierarchy, r.Node)).ToList();
    }

    /// <summary>Served by ix_procedures_created_at (ordered by it, so the planner searches the period instead of scanning the history).</summary>
    public const string ListCreatedSinceSql =
        "SELECT * FROM procedures WHERE created_at >= @since AND (@hierarchy IS NULL OR hierarchy = @hierarchy COLLATE NOCASE) ORDER BY created_at DESC, id DESC";

    public async Task<IReadOnlyList<ProcedureRecord>> ListCreatedSinceAsync(string? hierarchy, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ProcedureRecord>(ListCreatedSinceSql, new { hierarchy, since = DapperConfiguration.Format(since) }).ConfigureAwait(false);
        return rows.AsList();
    }
}
