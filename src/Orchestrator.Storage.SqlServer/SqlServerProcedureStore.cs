using Dapper;
using Microsoft.Data.SqlClient;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Rows;

namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// Procedure instances and steps in SQL Server. Every write is one READ COMMITTED transaction; the writes of one procedure
/// meet on its row (a transition takes it WITH (XLOCK) first, a claim reads it WITH (REPEATABLEREAD)), its steps are claimed WITH
/// (UPDLOCK, READPAST), and audit rows extend the chain under the head lock (<see cref="SqlServerAuditWriter"/>).
/// </summary>
public sealed partial class SqlServerProcedureStore(SqlServerConnectionFactory factory) : IProcedureStore
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
            await using var tx = await connection.BeginAsync(cancellationToken).ConfigureAwait(false);
            long id;
            try
            {
                id = await InsertProcedureAsync(connection, tx, p).ConfigureAwait(false);
            }
            catch (SqlException e) when (e.IsUniqueViolation(SqlErrors.OneActiveProcedure))
            {
                await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                var active = await DbRows.SingleOrDefaultAsync<ProcedureRecord>(
                    connection, "SELECT * FROM procedures WHERE hierarchy = @Hierarchy AND is_active = 1", new { p.Hierarchy }).ConfigureAwait(false);
                if (active is null && attempt < ConflictRetries)
                {
                    continue; // it ended meanwhile: the slot may be free now
                }

                if (active is null)
                {
                    // The holder ended before it could be read, on every try: named by its real id, as ended (not "#0").
                    var ended = await DbRows.SingleOrDefaultAsync<ProcedureRecord>(
                        connection, "SELECT TOP (1) * FROM procedures WHERE hierarchy = @Hierarchy ORDER BY id DESC", new { p.Hierarchy }).ConfigureAwait(false);
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
            await SqlServerAuditWriter.AppendAsync(connection, tx, [audit with { ProcedureId = id }]).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return id;
        }
    }

    private static Task<long> InsertProcedureAsync(SqlConnection connection, SqlTransaction tx, NewProcedure p) =>
        connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO procedures (kind, hierarchy, state, version, is_active, source_node, target_node, requested_by, reason, resume_state, last_error, definition_version, created_at, updated_at)
            OUTPUT inserted.id
            VALUES (@Kind, @Hierarchy, @State, 1, 1, @SourceNode, @TargetNode, @RequestedBy, @Reason, @ResumeState, @HoldReason, @DefinitionVersion, @At, @At)
            """,
            new
            {
                p.Kind, p.Hierarchy, State = p.HoldReason is null ? p.InitialState : WaitingForOperator, p.SourceNode, p.TargetNode, p.RequestedBy, p.Reason,
                ResumeState = p.HoldReason is null ? null : p.InitialState, p.HoldReason, p.DefinitionVersion, At = SqlInstant.Of(p.At),
            },
            tx);

    /// <summary>The plan in few statements (a rolling update has 73 steps): the first step ready (and dispatched by the creator) unless held.</summary>
    private static Task InsertStepsAsync(SqlConnection connection, SqlTransaction tx, long id, NewProcedure p, IReadOnlyList<PlannedStep> plan)
    {
        var ready = p.HoldReason is null;
        var dispatchedBy = ready ? p.DispatchedBy : null;
        var rows = plan.Select((s, i) =>
        {
            var first = i == 0 && ready;
            return new object?[]
            {
                id, i + 1, s.Phase, s.Action, s.Node, s.Target, s.MaxWaitSeconds, first ? "ready" : "planned",
                first ? dispatchedBy : null, SqlInstant.Of(first && dispatchedBy is not null ? p.At : null),
            };
        }).ToList();
        return SqlValues.InsertAsync(
            connection, tx,
            "INSERT INTO procedure_steps (procedure_id, seq, phase, action, node, target, max_wait_seconds, status, dispatched_by, dispatched_at)",
            rows);
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
            "SELECT TOP (@limit) * FROM procedures WHERE (@hierarchy IS NULL OR hierarchy = @hierarchy) AND (@beforeId IS NULL OR id < @beforeId) ORDER BY id DESC",
            new { hierarchy, limit, beforeId }).ConfigureAwait(false);
    }

    /// <summary>Served by the filtered index ux_procedures_one_active_per_hierarchy (it holds only the active rows).</summary>
    public const string ListActiveSql = "SELECT * FROM procedures WHERE is_active = 1 ORDER BY hierarchy";

    public async Task<IReadOnlyList<ProcedureRecord>> ListActiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.QueryAsync<ProcedureRecord>(connection, ListActiveSql).ConfigureAwait(false);
    }

    public async Task<ProcedureRecord?> GetActiveAsync(string hierarchy, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.SingleOrDefaultAsync<ProcedureRecord>(
            connection, "SELECT * FROM procedures WHERE is_active = 1 AND hierarchy = @hierarchy", new { hierarchy }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StepRecord>> GetStepsAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.QueryAsync<StepRecord>(connection, "SELECT * FROM procedure_steps WHERE procedure_id = @id ORDER BY seq", new { id }).ConfigureAwait(false);
    }

    /// <summary>
    /// One consistent read: a READ COMMITTED transaction whose reads hold their locks (HOLDLOCK on each, rather than a
    /// SERIALIZABLE transaction, whose isolation level a pooled connection could keep on an old server), the procedures
    /// first, then the placement — the order a transition takes them, so the two never wait on each other in a cycle.
    /// </summary>
    public async Task<HierarchyPicture> GetPictureAsync(string hierarchy, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginAsync(cancellationToken).ConfigureAwait(false);
        var active = await DbRows.SingleOrDefaultAsync<ProcedureRecord>(
            connection, "SELECT * FROM procedures WITH (HOLDLOCK) WHERE hierarchy = @hierarchy AND is_active = 1", new { hierarchy }, tx).ConfigureAwait(false);
        var basis = await ReadBasisAsync(connection, tx, hierarchy, excluding: 0, hold: true).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new HierarchyPicture(hierarchy, basis.PlacedOn, basis.LastProcedureId, active);
    }

    private static async Task<PlanBasis> ReadBasisAsync(SqlConnection connection, SqlTransaction tx, string hierarchy, long excluding, bool hold = false)
    {
        var hint = hold ? " WITH (HOLDLOCK)" : "";
        var last = await connection.ExecuteScalarAsync<long>(
            $"SELECT COALESCE(MAX(id), 0) FROM procedures{hint} WHERE hierarchy = @hierarchy AND id <> @excluding", new { hierarchy, excluding }, tx).ConfigureAwait(false);
        var placedOn = await connection.ExecuteScalarAsync<string?>(
            $"SELECT node FROM hierarchy_placements{hint} WHERE hierarchy = @hierarchy", new { hierarchy }, tx).ConfigureAwait(false);
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
        "SELECT * FROM procedures WHERE created_at >= @since AND (@hierarchy IS NULL OR hierarchy = @hierarchy) ORDER BY created_at DESC, id DESC";

    public async Task<IReadOnlyList<ProcedureRecord>> ListCreatedSinceAsync(string? hierarchy, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.QueryAsync<ProcedureRecord>(connection, ListCreatedSinceSql, new { hierarchy, since = SqlInstant.Of(since) }).ConfigureAwait(false);
    }
}
