using Dapper;
using Microsoft.Data.Sqlite;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Replicas;
using static Orchestrator.Storage.Sqlite.DapperConfiguration;

namespace Orchestrator.Storage.Sqlite;

/// <summary>Replica-list updates in SQLite: the update rows and their transitions (batches: the other part).</summary>
public sealed partial class SqliteReplicaUpdateStore(SqliteConnectionFactory factory) : IReplicaUpdateStore
{
    private const string ActiveStates = "'Planning', 'Running', 'Paused'";

    public async Task<(ReplicaUpdateRecord Update, bool Created)> StartAsync(
        NewReplicaUpdate u, Func<long, NewAuditEntry> startedAudit, Func<ReplicaUpdateRecord, NewAuditEntry> supersededAudit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(u);
        await using var connection = await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = connection.BeginTransaction();
        var existing = await connection.QuerySingleOrDefaultAsync<ReplicaUpdateRecord>(
            "SELECT * FROM replica_updates WHERE procedure_id = @ProcedureId", new { u.ProcedureId }, tx).ConfigureAwait(false);
        if (existing is not null)
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return (existing, false);
        }

        var at = Format(u.At);
        var older = (await connection.QueryAsync<ReplicaUpdateRecord>(
            "SELECT * FROM replica_updates WHERE hierarchy = @Hierarchy AND is_active = 1 ORDER BY id", new { u.Hierarchy }, tx).ConfigureAwait(false)).AsList();
        var audit = new List<NewAuditEntry>();
        foreach (var o in older)
        {
            await connection.ExecuteAsync(
                """
                UPDATE replica_updates SET state = 'Superseded', is_active = 0, version = version + 1, superseded_by = @ProcedureId,
                       updated_at = @at, completed_at = @at WHERE id = @Id;
                UPDATE replica_batches SET status = 'cancelled', completed_at = @at WHERE update_id = @Id AND status = 'ready';
                """,
                new { u.ProcedureId, at, o.Id }, tx).ConfigureAwait(false);
            audit.Add(supersededAudit(o));
        }

        var id = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO replica_updates (procedure_id, hierarchy, from_server, to_server, state, version, is_active, batch_size, parallelism,
                                         requested_by, created_at, updated_at)
            VALUES (@ProcedureId, @Hierarchy, @FromServer, @ToServer, @InitialState, 1, 1, @BatchSize, @Parallelism, @RequestedBy, @at, @at)
            RETURNING id
            """,
            new { u.ProcedureId, u.Hierarchy, u.FromServer, u.ToServer, u.InitialState, u.BatchSize, u.Parallelism, u.RequestedBy, at }, tx).ConfigureAwait(false);
        audit.Add(startedAudit(id));
        await SqliteAuditWriter.AppendAsync(connection, tx, audit).ConfigureAwait(false);
        var created = await connection.QuerySingleAsync<ReplicaUpdateRecord>("SELECT * FROM replica_updates WHERE id = @id", new { id }, tx).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (created, true);
    }

    public async Task<ReplicaUpdateRecord?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<ReplicaUpdateRecord>("SELECT * FROM replica_updates WHERE id = @id", new { id }).ConfigureAwait(false);
    }

    public async Task<ReplicaUpdateRecord?> LatestAsync(string? hierarchy, CancellationToken cancellationToken) =>
        (await ListAsync(hierarchy, 1, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async Task<IReadOnlyList<ReplicaUpdateRecord>> ListAsync(string? hierarchy, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ReplicaUpdateRecord>(
            "SELECT * FROM replica_updates WHERE @hierarchy IS NULL OR hierarchy = @hierarchy COLLATE NOCASE ORDER BY id DESC LIMIT @limit",
            new { hierarchy, limit }).ConfigureAwait(false);
        return rows.AsList();
    }

    public async Task<IReadOnlyList<ReplicaUpdateRecord>> LatestPerHierarchyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ReplicaUpdateRecord>(
            "SELECT * FROM replica_updates WHERE id IN (SELECT MAX(id) FROM replica_updates GROUP BY hierarchy COLLATE NOCASE) ORDER BY id DESC").ConfigureAwait(false);
        return rows.AsList();
    }

    public async Task<IReadOnlyList<ReplicaUpdateRecord>> ListActiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ReplicaUpdateRecord>("SELECT * FROM replica_updates WHERE is_active = 1 ORDER BY id").ConfigureAwait(false);
        return rows.AsList();
    }

    public async Task<bool> TransitionAsync(ReplicaUpdateTransition t, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(t);
        await using var connection = await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = connection.BeginTransaction();
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
        await using var connection = await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = connection.BeginTransaction();
        var t = plan.Transition;
        if (!await ApplyTransitionAsync(connection, tx, t).ConfigureAwait(false))
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        var at = Format(t.At);
        await connection.ExecuteAsync(
            "UPDATE replica_updates SET planned = 1, planned_at = @at, total = @Total WHERE id = @UpdateId",
            new { at, plan.Total, t.UpdateId }, tx).ConfigureAwait(false);
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandText =
                "INSERT INTO replica_batches (update_id, seq, attempt, folders, folder_count, status) VALUES ($update, $seq, 1, $folders, $count, 'ready')";
            var update = insert.Parameters.Add("$update", SqliteType.Integer);
            var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
            var folders = insert.Parameters.Add("$folders", SqliteType.Text);
            var count = insert.Parameters.Add("$count", SqliteType.Integer);
            update.Value = t.UpdateId;
            for (var i = 0; i < plan.Batches.Count; i++)
            {
                seq.Value = i + 1;
                folders.Value = ReplicaBatchRecord.Join(plan.Batches[i]);
                count.Value = plan.Batches[i].Count;
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<ReplicaFolderFailure>> OpenFailuresAsync(long updateId, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ReplicaFolderFailure>(
            "SELECT * FROM replica_folder_failures WHERE update_id = @updateId AND retried_at IS NULL ORDER BY folder", new { updateId }).ConfigureAwait(false);
        return rows.AsList();
    }

    public async Task<(long Id, string Kind)?> NewerMoveAsync(ReplicaUpdateRecord update, IReadOnlyList<string> moveKinds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QueryFirstOrDefaultAsync<(long Id, string Kind)?>(
            "SELECT id, kind FROM procedures WHERE hierarchy = @Hierarchy AND id > @ProcedureId AND kind IN @moveKinds ORDER BY id LIMIT 1",
            new { update.Hierarchy, update.ProcedureId, moveKinds }).ConfigureAwait(false);
        return row;
    }

    /// <summary>The compare-and-set, the batch effect and the audit rows of a transition, inside the caller's transaction.</summary>
    private static async Task<bool> ApplyTransitionAsync(SqliteConnection connection, SqliteTransaction tx, ReplicaUpdateTransition t)
    {
        var at = Format(t.At);
        var moved = await connection.ExecuteAsync(
            $"""
            UPDATE replica_updates
               SET state = @NewState, version = version + 1, is_active = @IsActive, updated_at = @at,
                   superseded_by = COALESCE(@SupersededBy, superseded_by),
                   completed_at = CASE WHEN @IsActive = 0 THEN @at ELSE NULL END
             WHERE id = @UpdateId AND state = @ExpectedState AND version = @ExpectedVersion
            """,
            new { t.NewState, IsActive = t.IsActive ? 1 : 0, at, t.SupersededBy, t.UpdateId, t.ExpectedState, t.ExpectedVersion }, tx).ConfigureAwait(false);
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

        await SqliteAuditWriter.AppendAsync(connection, tx, t.Audit).ConfigureAwait(false);
        return true;
    }

    private static async Task RequeueFailuresAsync(SqliteConnection connection, SqliteTransaction tx, long updateId, string at)
    {
        var folders = (await connection.QueryAsync<string>(
            "SELECT folder FROM replica_folder_failures WHERE update_id = @updateId AND retried_at IS NULL ORDER BY folder", new { updateId }, tx).ConfigureAwait(false)).AsList();
        if (folders.Count == 0)
        {
            return;
        }

        await connection.ExecuteAsync(
            """
            INSERT INTO replica_batches (update_id, seq, attempt, folders, folder_count, status)
            VALUES (@updateId, (SELECT COALESCE(MAX(seq), 0) + 1 FROM replica_batches WHERE update_id = @updateId), 1, @folders, @count, 'ready');
            UPDATE replica_folder_failures SET retried_at = @at WHERE update_id = @updateId AND retried_at IS NULL;
            UPDATE replica_updates SET failed = failed - @count WHERE id = @updateId;
            """,
            new { updateId, folders = ReplicaBatchRecord.Join(folders), count = folders.Count, at }, tx).ConfigureAwait(false);
    }
}
