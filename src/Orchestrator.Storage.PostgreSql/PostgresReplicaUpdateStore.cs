using Dapper;
using Npgsql;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Replicas;
using Orchestrator.Storage.Rows;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// Replica-list updates in PostgreSQL: the update rows and their transitions (batches: the other part). Every write that
/// adds batches first changes the update's row (a compare-and-set), so it holds that row while it numbers them.
/// </summary>
public sealed partial class PostgresReplicaUpdateStore(PostgresConnectionFactory factory) : IReplicaUpdateStore
{
    private const string OneUpdatePerMove = "ux_replica_updates_procedure";

    public async Task<(ReplicaUpdateRecord Update, bool Created)> StartAsync(
        NewReplicaUpdate u, Func<long, NewAuditEntry> startedAudit, Func<ReplicaUpdateRecord, NewAuditEntry> supersededAudit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(u);
        ArgumentNullException.ThrowIfNull(startedAudit);
        ArgumentNullException.ThrowIfNull(supersededAudit);
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var existing = await ByProcedureAsync(connection, u.ProcedureId).ConfigureAwait(false);
        if (existing is not null)
        {
            return (existing, false);
        }

        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var at = PgInstant.Of(u.At);
        var older = await DbRows.QueryAsync<ReplicaUpdateRecord>(
            connection, "SELECT * FROM replica_updates WHERE hierarchy = @Hierarchy AND is_active ORDER BY id FOR UPDATE", new { u.Hierarchy }, tx).ConfigureAwait(false);
        var audit = new List<NewAuditEntry>();
        foreach (var o in older)
        {
            await connection.ExecuteAsync(
                """
                UPDATE replica_updates SET state = 'Superseded', is_active = false, version = version + 1, superseded_by = @ProcedureId,
                       updated_at = @at, completed_at = @at WHERE id = @Id
                """,
                new { u.ProcedureId, at, o.Id }, tx).ConfigureAwait(false);
            await connection.ExecuteAsync(
                "UPDATE replica_batches SET status = 'cancelled', completed_at = @at WHERE update_id = @Id AND status = 'ready'", new { at, o.Id }, tx).ConfigureAwait(false);
            audit.Add(supersededAudit(o));
        }

        long id;
        try
        {
            id = await connection.ExecuteScalarAsync<long>(
                """
                INSERT INTO replica_updates (procedure_id, hierarchy, from_server, to_server, state, version, is_active, batch_size, parallelism,
                                             requested_by, created_at, updated_at)
                VALUES (@ProcedureId, @Hierarchy, @FromServer, @ToServer, @InitialState, 1, true, @BatchSize, @Parallelism, @RequestedBy, @at, @at)
                RETURNING id
                """,
                new { u.ProcedureId, u.Hierarchy, u.FromServer, u.ToServer, u.InitialState, u.BatchSize, u.Parallelism, u.RequestedBy, at }, tx).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.IsUniqueViolation(OneUpdatePerMove))
        {
            // Started meanwhile by another runner (a step run twice): that one is the update.
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return ((await ByProcedureAsync(connection, u.ProcedureId).ConfigureAwait(false))!, false);
        }

        audit.Add(startedAudit(id));
        await PostgresAuditWriter.AppendAsync(connection, tx, audit).ConfigureAwait(false);
        var created = await DbRows.SingleOrDefaultAsync<ReplicaUpdateRecord>(connection, "SELECT * FROM replica_updates WHERE id = @id", new { id }, tx).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (created!, true);
    }

    private static Task<ReplicaUpdateRecord?> ByProcedureAsync(NpgsqlConnection connection, long procedureId) =>
        DbRows.SingleOrDefaultAsync<ReplicaUpdateRecord>(connection, "SELECT * FROM replica_updates WHERE procedure_id = @procedureId", new { procedureId });

    public async Task<ReplicaUpdateRecord?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.SingleOrDefaultAsync<ReplicaUpdateRecord>(connection, "SELECT * FROM replica_updates WHERE id = @id", new { id }).ConfigureAwait(false);
    }

    public async Task<ReplicaUpdateRecord?> LatestAsync(string? hierarchy, CancellationToken cancellationToken) =>
        (await ListAsync(hierarchy, 1, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async Task<IReadOnlyList<ReplicaUpdateRecord>> ListAsync(string? hierarchy, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.QueryAsync<ReplicaUpdateRecord>(
            connection,
            "SELECT * FROM replica_updates WHERE @hierarchy::text IS NULL OR lower(hierarchy) = lower(@hierarchy) ORDER BY id DESC LIMIT @limit",
            new { hierarchy, limit }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ReplicaUpdateRecord>> LatestPerHierarchyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.QueryAsync<ReplicaUpdateRecord>(
            connection,
            "SELECT * FROM (SELECT DISTINCT ON (lower(hierarchy)) * FROM replica_updates ORDER BY lower(hierarchy), id DESC) latest ORDER BY id DESC").ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ReplicaUpdateRecord>> ListActiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.QueryAsync<ReplicaUpdateRecord>(connection, "SELECT * FROM replica_updates WHERE is_active ORDER BY id").ConfigureAwait(false);
    }

    public async Task<bool> TransitionAsync(ReplicaUpdateTransition t, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(t);
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (!await ApplyTransitionAsync(connection, tx, t).ConfigureAwait(false))
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> CommitPlanAsync(ReplicaPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var t = plan.Transition;
        if (!await ApplyTransitionAsync(connection, tx, t).ConfigureAwait(false))
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        await connection.ExecuteAsync(
            "UPDATE replica_updates SET planned = true, planned_at = @at, total = @Total WHERE id = @UpdateId",
            new { at = PgInstant.Of(t.At), plan.Total, t.UpdateId }, tx).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO replica_batches (update_id, seq, attempt, folders, folder_count, status)
            SELECT @UpdateId, b.seq, 1, b.folders, b.folder_count, 'ready' FROM unnest(@Seqs, @Folders, @Counts) AS b (seq, folders, folder_count)
            """,
            new
            {
                t.UpdateId, Seqs = Enumerable.Range(1, plan.Batches.Count).ToArray(),
                Folders = plan.Batches.Select(ReplicaBatchRecord.Join).ToArray(), Counts = plan.Batches.Select(b => b.Count).ToArray(),
            },
            tx).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<ReplicaFolderFailure>> OpenFailuresAsync(long updateId, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.QueryAsync<ReplicaFolderFailure>(
            connection, "SELECT * FROM replica_folder_failures WHERE update_id = @updateId AND retried_at IS NULL ORDER BY folder", new { updateId }).ConfigureAwait(false);
    }

    public async Task<(long Id, string Kind)?> NewerMoveAsync(ReplicaUpdateRecord update, IReadOnlyList<string> moveKinds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(moveKinds);
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryFirstOrDefaultAsync<(long Id, string Kind)?>(
            "SELECT id, kind FROM procedures WHERE hierarchy = @Hierarchy AND id > @ProcedureId AND kind = ANY(@moveKinds) ORDER BY id LIMIT 1",
            new { update.Hierarchy, update.ProcedureId, moveKinds = moveKinds.ToArray() }).ConfigureAwait(false);
    }

    /// <summary>The compare-and-set, the batch effect and the audit rows of a transition, inside the caller's transaction.</summary>
    private static async Task<bool> ApplyTransitionAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ReplicaUpdateTransition t)
    {
        var at = PgInstant.Of(t.At);
        var moved = await connection.ExecuteAsync(
            """
            UPDATE replica_updates
               SET state = @NewState, version = version + 1, is_active = @IsActive, updated_at = @at,
                   superseded_by = COALESCE(@SupersededBy, superseded_by),
                   completed_at = CASE WHEN @IsActive THEN NULL ELSE @at END
             WHERE id = @UpdateId AND state = @ExpectedState AND version = @ExpectedVersion
            """,
            new { t.NewState, t.IsActive, at, t.SupersededBy, t.UpdateId, t.ExpectedState, t.ExpectedVersion }, tx).ConfigureAwait(false);
        if (moved == 0)
        {
            return false;
        }

        switch (t.Batches)
        {
            case ReplicaBatchEffect.CancelPending:
                await connection.ExecuteAsync(
                    "UPDATE replica_batches SET status = 'cancelled', completed_at = @at WHERE update_id = @UpdateId AND status = 'ready'",
                    new { at, t.UpdateId }, tx).ConfigureAwait(false);
                break;
            case ReplicaBatchEffect.RequeueFailures:
                await RequeueFailuresAsync(connection, tx, t.UpdateId, at).ConfigureAwait(false);
                break;
        }

        await PostgresAuditWriter.AppendAsync(connection, tx, t.Audit).ConfigureAwait(false);
        return true;
    }

    private static async Task RequeueFailuresAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long updateId, PgInstant at)
    {
        var folders = (await connection.QueryAsync<string>(
            "SELECT folder FROM replica_folder_failures WHERE update_id = @updateId AND retried_at IS NULL ORDER BY folder", new { updateId }, tx).ConfigureAwait(false)).AsList();
        if (folders.Count == 0)
        {
            return;
        }

        var args = new { updateId, folders = ReplicaBatchRecord.Join(folders), count = folders.Count, at };
        await connection.ExecuteAsync(
            """
            INSERT INTO replica_batches (update_id, seq, attempt, folders, folder_count, status)
            VALUES (@updateId, (SELECT COALESCE(MAX(seq), 0) + 1 FROM replica_batches WHERE update_id = @updateId), 1, @folders, @count, 'ready')
            """, args, tx).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "UPDATE replica_folder_failures SET retried_at = @at WHERE update_id = @updateId AND retried_at IS NULL", args, tx).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE replica_updates SET failed = failed - @count WHERE id = @updateId", args, tx).ConfigureAwait(false);
    }
}
