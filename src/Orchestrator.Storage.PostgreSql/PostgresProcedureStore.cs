using System.Data;
using Dapper;
using Npgsql;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Claims;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Rows;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// Procedure instances and steps in PostgreSQL. Every write is one READ COMMITTED transaction; the writes of one procedure
/// meet on its row (a transition takes it FOR UPDATE first, a claim FOR SHARE), its steps are claimed FOR UPDATE SKIP
/// LOCKED, and audit rows extend the chain under the head lock (<see cref="PostgresAuditWriter"/>).
/// </summary>
public sealed partial class PostgresProcedureStore(PostgresConnectionFactory factory) : IProcedureStore
{
    /// <summary>The state a held procedure is created in (the engine's ProcedureStates.WaitingForOperator).</summary>
    private const string WaitingForOperator = "WaitingForOperator";

    /// <summary>How often a create retries when the active procedure it collided with ended before it could be named.</summary>
    private const int ConflictRetries = 3;

    public async Task<long> CreateAsync(NewProcedure p, IReadOnlyList<PlannedStep> plan, NewAuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(plan);
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await PostgresLeaderFence.CheckAsync(connection, tx).ConfigureAwait(false); // a leader's launch: its epoch still current (issue 13)
            long id;
            try
            {
                id = await InsertProcedureAsync(connection, tx, p).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.IsUniqueViolation(PgErrors.OneActiveProcedure))
            {
                await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                var active = await DbRows.SingleOrDefaultAsync<ProcedureRecord>(
                    connection, "SELECT * FROM procedures WHERE hierarchy = @Hierarchy AND is_active", new { p.Hierarchy }).ConfigureAwait(false);
                if (active is null && attempt < ConflictRetries)
                {
                    continue; // it ended meanwhile: the slot may be free now
                }

                if (active is null)
                {
                    // The holder ended before it could be read, on every try: named by its real id, as ended (not "#0").
                    var ended = await DbRows.SingleOrDefaultAsync<ProcedureRecord>(
                        connection, "SELECT * FROM procedures WHERE hierarchy = @Hierarchy ORDER BY id DESC LIMIT 1", new { p.Hierarchy }).ConfigureAwait(false);
                    throw ActiveProcedureConflictException.HolderEnded(ended!);
                }

                throw new ActiveProcedureConflictException(active.Hierarchy, active.Id, active.Kind, active.State);
            }

            if (p.Basis is { } basis)
            {
                // The slot is taken (the uncommitted index entry holds it): the hierarchy must still be as the plan saw it.
                var now = await ReadBasisAsync(connection, tx, p.Hierarchy, id).ConfigureAwait(false);
                if (!string.Equals(now.PlacedOn, basis.PlacedOn, StringComparison.OrdinalIgnoreCase) || now.LastProcedureId != basis.LastProcedureId)
                {
                    await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    throw new StalePlanException(p.Hierarchy, basis, now);
                }
            }

            await InsertStepsAsync(connection, tx, id, p, plan).ConfigureAwait(false);
            if (p.HoldReason is null && p.DispatchedBy is null && plan.Count > 0)
            {
                // Its first step is ready and nobody dispatched it (a launch from the CLI): the runners' sweeper is told at the commit.
                await connection.ExecuteAsync(PostgresWorkSignal.NotifySql, transaction: tx).ConfigureAwait(false);
            }

            await PostgresAuditWriter.AppendAsync(connection, tx, [audit with { ProcedureId = id }]).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            factory.AuditLinker.Nudge();
            return id;
        }
    }

    private static Task<long> InsertProcedureAsync(NpgsqlConnection connection, NpgsqlTransaction tx, NewProcedure p) =>
        connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO procedures (kind, hierarchy, state, version, is_active, source_node, target_node, requested_by, reason, resume_state, last_error, definition_version, created_at, updated_at)
            VALUES (@Kind, @Hierarchy, @State, 1, true, @SourceNode, @TargetNode, @RequestedBy, @Reason, @ResumeState, @HoldReason, @DefinitionVersion, lease_clock(@At), lease_clock(@At))
            RETURNING id
            """,
            new
            {
                p.Kind, p.Hierarchy, State = p.HoldReason is null ? p.InitialState : WaitingForOperator, p.SourceNode, p.TargetNode, p.RequestedBy, p.Reason,
                ResumeState = p.HoldReason is null ? null : p.InitialState, p.HoldReason, p.DefinitionVersion, At = PgInstant.Of(p.At),
            },
            tx);

    /// <summary>The plan in one statement (a rolling update has 73 steps): the first step ready (and dispatched by the creator) unless held.</summary>
    private static Task InsertStepsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long id, NewProcedure p, IReadOnlyList<PlannedStep> plan)
    {
        var ready = p.HoldReason is null;
        var dispatchedBy = ready ? p.DispatchedBy : null;
        return connection.ExecuteAsync(
            """
            INSERT INTO procedure_steps (procedure_id, seq, phase, action, node, target, max_wait_seconds, status, dispatched_by, dispatched_at)
            SELECT @Id, s.seq, s.phase, s.action, s.node, s.target, s.max_wait,
                   CASE WHEN s.seq = 1 AND @Ready THEN 'ready' ELSE 'planned' END,
                   CASE WHEN s.seq = 1 AND @Ready THEN @DispatchedBy END,
                   CASE WHEN s.seq = 1 AND @Ready AND @DispatchedBy IS NOT NULL THEN @At END
              FROM unnest(@Seqs, @Phases, @Actions, @Nodes, @Targets, @MaxWaits) AS s (seq, phase, action, node, target, max_wait)
            """,
            new
            {
                Id = id, Ready = ready, DispatchedBy = dispatchedBy, At = PgInstant.Of(p.At),
                Seqs = Enumerable.Range(1, plan.Count).ToArray(), Phases = plan.Select(s => s.Phase).ToArray(), Actions = plan.Select(s => s.Action).ToArray(),
                Nodes = plan.Select(s => s.Node).ToArray(), Targets = plan.Select(s => s.Target).ToArray(), MaxWaits = plan.Select(s => s.MaxWaitSeconds).ToArray(),
            },
            tx);
    }

    public async Task<ProcedureRecord?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.SingleOrDefaultAsync<ProcedureRecord>(connection, "SELECT * FROM procedures WHERE id = @id", new { id }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ProcedureRecord>> ListAsync(string? hierarchy, int limit, long? beforeId, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.QueryAsync<ProcedureRecord>(
            connection,
            "SELECT * FROM procedures WHERE (@hierarchy::text IS NULL OR lower(hierarchy) = lower(@hierarchy)) AND (@beforeId::bigint IS NULL OR id < @beforeId) "
            + "ORDER BY id DESC LIMIT @limit",
            new { hierarchy, limit, beforeId }).ConfigureAwait(false);
    }

    /// <summary>Served by the partial index ux_procedures_one_active_per_hierarchy (it holds only the active rows).</summary>
    public const string ListActiveSql = "SELECT * FROM procedures WHERE is_active ORDER BY hierarchy";

    public async Task<IReadOnlyList<ProcedureRecord>> ListActiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.QueryAsync<ProcedureRecord>(connection, ListActiveSql).ConfigureAwait(false);
    }

    public async Task<ProcedureRecord?> GetActiveAsync(string hierarchy, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.SingleOrDefaultAsync<ProcedureRecord>(
            connection, "SELECT * FROM procedures WHERE is_active AND lower(hierarchy) = lower(@hierarchy)", new { hierarchy }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StepRecord>> GetStepsAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.QueryAsync<StepRecord>(connection, "SELECT * FROM procedure_steps WHERE procedure_id = @id ORDER BY seq", new { id }).ConfigureAwait(false);
    }

    public async Task<HierarchyPicture> GetPictureAsync(string hierarchy, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var basis = await ReadBasisAsync(connection, tx, hierarchy, excluding: 0).ConfigureAwait(false);
        var active = await DbRows.SingleOrDefaultAsync<ProcedureRecord>(
            connection, "SELECT * FROM procedures WHERE lower(hierarchy) = lower(@hierarchy) AND is_active", new { hierarchy }, tx).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new HierarchyPicture(hierarchy, basis.PlacedOn, basis.LastProcedureId, active);
    }

    private static async Task<PlanBasis> ReadBasisAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string hierarchy, long excluding)
    {
        var placedOn = await connection.ExecuteScalarAsync<string?>(
            "SELECT node FROM hierarchy_placements WHERE lower(hierarchy) = lower(@hierarchy)", new { hierarchy }, tx).ConfigureAwait(false);
        var last = await connection.ExecuteScalarAsync<long>(
            "SELECT COALESCE(MAX(id), 0) FROM procedures WHERE lower(hierarchy) = lower(@hierarchy) AND id <> @excluding", new { hierarchy, excluding }, tx).ConfigureAwait(false);
        return new PlanBasis(placedOn, last);
    }

    public async Task<IReadOnlyList<PlacementChange>> GetPlacementsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Hierarchy, string? Node)>("SELECT hierarchy, node FROM hierarchy_placements ORDER BY hierarchy").ConfigureAwait(false);
        return rows.Select(r => new PlacementChange(r.Hierarchy, r.Node)).ToList();
    }

    /// <summary>Served by ix_procedures_created_at.</summary>
    public const string ListCreatedSinceSql =
        "SELECT * FROM procedures WHERE created_at >= @since AND (@hierarchy::text IS NULL OR lower(hierarchy) = lower(@hierarchy)) ORDER BY created_at DESC, id DESC";

    public async Task<IReadOnlyList<ProcedureRecord>> ListCreatedSinceAsync(string? hierarchy, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.QueryAsync<ProcedureRecord>(connection, ListCreatedSinceSql, new { hierarchy, since = PgInstant.Of(since) }).ConfigureAwait(false);
    }

    /// <summary>The database's clock (<c>lease_clock</c>), by which procedures and audit rows are dated.</summary>
    public async Task<DateTimeOffset> ClockAsync(DateTimeOffset callerNow, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await PgClock.ReadAsync(connection, callerNow).ConfigureAwait(false);
    }
}
