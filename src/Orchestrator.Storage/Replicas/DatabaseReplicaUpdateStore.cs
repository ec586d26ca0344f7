using System.Data;
using System.Data.Common;
using Dapper;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Rows;

namespace Orchestrator.Storage.Replicas;

/// <summary>
/// Replica-list updates in a database (PostgreSQL, SQL Server, SQLite): the update rows and their transitions (batches:
/// the other part), the same steps in every provider. Every write that adds batches first changes the update's row (a
/// compare-and-set), so it holds that row while it numbers them. A provider gives its connections, its instants, its
/// audit writer and the statements its dialect says differently.
/// </summary>
public abstract partial class DatabaseReplicaUpdateStore : IReplicaUpdateStore
{
    /// <summary>The unique index that keeps one update per move.</summary>
    protected const string OneUpdatePerMove = "ux_replica_updates_procedure";

    private const string ByProcedureSql = "SELECT * FROM replica_updates WHERE procedure_id = @procedureId";

    private const string ByIdSql = "SELECT * FROM replica_updates WHERE id = @id";

    private const string SupersedeSql =
        """
        UPDATE replica_updates SET state = 'Superseded', is_active = @IsActive, version = version + 1, superseded_by = @ProcedureId,
               updated_at = @at, completed_at = @at WHERE id = @Id
        """;

    private const string CancelReadySql = "UPDATE replica_batches SET status = 'cancelled', completed_at = @at WHERE update_id = @Id AND status = 'ready'";

    /// <summary>The head of the update's insert; the provider adds how it returns the new id (<see cref="InsertReturningId"/>).</summary>
    private const string InsertUpdateInto =
        """
        replica_updates (procedure_id, hierarchy, from_server, to_server, state, version, is_active, batch_size, parallelism,
                         requested_by, created_at, updated_at)
        """;

    private const string InsertUpdateValues =
        "(@ProcedureId, @Hierarchy, @FromServer, @ToServer, @InitialState, 1, @IsActive, @BatchSize, @Parallelism, @RequestedBy, @at, @at)";

    /// <summary>The compare-and-set of a transition: only from the state and version the caller read.</summary>
    private const string TransitionSql =
        """
        UPDATE replica_updates
           SET state = @NewState, version = version + 1, is_active = @IsActive, updated_at = @at,
               superseded_by = COALESCE(@SupersededBy, superseded_by), completed_at = @completedAt
         WHERE id = @UpdateId AND state = @ExpectedState AND version = @ExpectedVersion
        """;

    private const string ListActiveSql = "SELECT * FROM replica_updates WHERE is_active = @active ORDER BY id";

    private const string PlannedSql = "UPDATE replica_updates SET planned = @planned, planned_at = @at, total = @Total WHERE id = @UpdateId";

    private const string OpenFailuresSql = "SELECT * FROM replica_folder_failures WHERE update_id = @updateId AND retried_at IS NULL ORDER BY folder";

    private const string OpenFailedFoldersSql = "SELECT folder FROM replica_folder_failures WHERE update_id = @updateId AND retried_at IS NULL ORDER BY folder";

    /// <summary>The failed folders again as one batch, numbered after the update's last (its row is held by the transition).</summary>
    private const string RequeueSql =
        """
        INSERT INTO replica_batches (update_id, seq, attempt, folders, folder_count, status)
        SELECT @updateId, COALESCE(MAX(seq), 0) + 1, 1, @folders, @count, 'ready' FROM replica_batches WHERE update_id = @updateId
        """;

    private const string RetriedSql = "UPDATE replica_folder_failures SET retried_at = @at WHERE update_id = @updateId AND retried_at IS NULL";

    private const string UnfailSql = "UPDATE replica_updates SET failed = failed - @count WHERE id = @updateId";

    /// <summary>Opens a connection for reads.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Opens a connection for a write (the same as for reads unless the provider gates its writers).</summary>
    protected virtual Task<DbConnection> OpenWriteAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    /// <summary>Reads rows into storage records (the provider's time columns to DateTimeOffset).</summary>
    protected virtual Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, object? param, DbTransaction? tx = null)
        where T : new() =>
        DbRows.QueryAsync<T>(connection, sql, param, tx);

    /// <summary>Binds an instant as the provider's time columns take it.</summary>
    protected abstract void BindInstant(IDbCommand command, string name, DateTimeOffset? at);

    /// <summary>Appends audit rows inside the caller's transaction (the provider's chain writer).</summary>
    protected abstract Task AppendAuditAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<NewAuditEntry> entries);

    /// <summary>Called after a commit that appended audit rows (a provider whose rows wait to be linked into the chain links them).</summary>
    protected virtual void AuditCommitted()
    {
    }

    /// <summary>Whether <paramref name="e"/> is a violation of the unique index <paramref name="index"/>.</summary>
    protected abstract bool IsUniqueViolation(Exception e, string index);

    /// <summary>Inserts a plan's batches (numbered from 1, attempt 1, ready) as the provider does many rows at once.</summary>
    protected abstract Task InsertBatchesAsync(DbConnection connection, DbTransaction tx, long updateId, IReadOnlyList<IReadOnlyList<string>> batches, CancellationToken cancellationToken);

    /// <summary>The active updates of @Hierarchy, oldest first, held by the transaction until it ends.</summary>
    protected abstract string ActiveOfHierarchyStatement { get; }

    /// <summary>@limit updates, newest first, of @hierarchy (without case) or of every hierarchy when it is null.</summary>
    protected abstract string ListStatement { get; }

    /// <summary>The newest update of each hierarchy (grouped without case), newest first.</summary>
    protected abstract string LatestPerHierarchyStatement { get; }

    /// <summary>The first procedure (id, kind) of @Hierarchy after @ProcedureId whose kind is one of @moveKinds.</summary>
    protected abstract string NewerMoveStatement { get; }

    /// <summary>INSERT INTO <paramref name="into"/> VALUES <paramref name="values"/>, returning the new row's id (RETURNING unless the dialect has none).</summary>
    protected virtual string InsertReturningId(string into, string values) => $"INSERT INTO {into} VALUES {values} RETURNING id";

    private string InsertUpdateSql => InsertReturningId(InsertUpdateInto, InsertUpdateValues);

    /// <summary>An instant as a parameter of this provider.</summary>
    protected InstantParameter Instant(DateTimeOffset? at) => new(at, BindInstant);

    public async Task<(ReplicaUpdateRecord Update, bool Created)> StartAsync(
        NewReplicaUpdate u, Func<long, NewAuditEntry> startedAudit, Func<ReplicaUpdateRecord, NewAuditEntry> supersededAudit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(u);
        ArgumentNullException.ThrowIfNull(startedAudit);
        ArgumentNullException.ThrowIfNull(supersededAudit);
        await using var connection = await OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await BeginAsync(connection, cancellationToken).ConfigureAwait(false);
        var existing = await ByProcedureAsync(connection, tx, u.ProcedureId).ConfigureAwait(false);
        if (existing is not null)
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return (existing, false);
        }

        var at = Instant(u.At);
        var older = await QueryAsync<ReplicaUpdateRecord>(connection, ActiveOfHierarchyStatement, new { u.Hierarchy }, tx).ConfigureAwait(false);
        var audit = new List<NewAuditEntry>();
        foreach (var o in older)
        {
            await connection.ExecuteAsync(SupersedeSql, new { u.ProcedureId, IsActive = false, at, o.Id }, tx).ConfigureAwait(false);
            await connection.ExecuteAsync(CancelReadySql, new { at, o.Id }, tx).ConfigureAwait(false);
            audit.Add(supersededAudit(o));
        }

        long id;
        try
        {
            id = await connection.ExecuteScalarAsync<long>(
                InsertUpdateSql,
                new { u.ProcedureId, u.Hierarchy, u.FromServer, u.ToServer, u.InitialState, IsActive = true, u.BatchSize, u.Parallelism, u.RequestedBy, at },
                tx).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUniqueViolation(e, OneUpdatePerMove))
        {
            // Started meanwhile by another runner (a step run twice): that one is the update.
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return ((await ByProcedureAsync(connection, null, u.ProcedureId).ConfigureAwait(false))!, false);
        }

        audit.Add(startedAudit(id));
        await AppendAuditAsync(connection, tx, audit).ConfigureAwait(false);
        var created = await SingleOrDefaultAsync<ReplicaUpdateRecord>(connection, ByIdSql, new { id }, tx).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        AuditCommitted();
        return (created!, true);
    }

    public async Task<ReplicaUpdateRecord?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await SingleOrDefaultAsync<ReplicaUpdateRecord>(connection, ByIdSql, new { id }).ConfigureAwait(false);
    }

    public async Task<ReplicaUpdateRecord?> LatestAsync(string? hierarchy, CancellationToken cancellationToken) =>
        (await ListAsync(hierarchy, 1, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async Task<IReadOnlyList<ReplicaUpdateRecord>> ListAsync(string? hierarchy, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await QueryAsync<ReplicaUpdateRecord>(connection, ListStatement, new { hierarchy, limit }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ReplicaUpdateRecord>> LatestPerHierarchyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await QueryAsync<ReplicaUpdateRecord>(connection, LatestPerHierarchyStatement, null).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ReplicaUpdateRecord>> ListActiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await QueryAsync<ReplicaUpdateRecord>(connection, ListActiveSql, new { active = true }).ConfigureAwait(false);
    }

    public async Task<bool> TransitionAsync(ReplicaUpdateTransition t, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(t);
        await using var connection = await OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await BeginAsync(connection, cancellationToken).ConfigureAwait(false);
        if (!await ApplyTransitionAsync(connection, tx, t).ConfigureAwait(false))
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        AuditCommitted();
        return true;
    }

    public async Task<bool> CommitPlanAsync(ReplicaPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        await using var connection = await OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await BeginAsync(connection, cancellationToken).ConfigureAwait(false);
        var t = plan.Transition;
        if (!await ApplyTransitionAsync(connection, tx, t).ConfigureAwait(false))
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        await connection.ExecuteAsync(PlannedSql, new { planned = true, at = Instant(t.At), plan.Total, t.UpdateId }, tx).ConfigureAwait(false);
        await InsertBatchesAsync(connection, tx, t.UpdateId, plan.Batches, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        AuditCommitted();
        return true;
    }

    public async Task<IReadOnlyList<ReplicaFolderFailure>> OpenFailuresAsync(long updateId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await QueryAsync<ReplicaFolderFailure>(connection, OpenFailuresSql, new { updateId }).ConfigureAwait(false);
    }

    public async Task<(long Id, string Kind)?> NewerMoveAsync(ReplicaUpdateRecord update, IReadOnlyList<string> moveKinds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(moveKinds);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryFirstOrDefaultAsync<(long Id, string Kind)?>(
            NewerMoveStatement, new { update.Hierarchy, update.ProcedureId, moveKinds = moveKinds.ToArray() }).ConfigureAwait(false);
    }

    /// <summary>Begins a transaction as the stores use it: READ COMMITTED (SQLite's: its one writer's).</summary>
    protected static async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T?> SingleOrDefaultAsync<T>(DbConnection connection, string sql, object? param, DbTransaction? tx = null)
        where T : class, new()
    {
        var rows = await QueryAsync<T>(connection, sql, param, tx).ConfigureAwait(false);
        return rows.Count <= 1 ? rows.FirstOrDefault() : throw new InvalidOperationException($"expected at most one row, got {rows.Count}");
    }

    private Task<ReplicaUpdateRecord?> ByProcedureAsync(DbConnection connection, DbTransaction? tx, long procedureId) =>
        SingleOrDefaultAsync<ReplicaUpdateRecord>(connection, ByProcedureSql, new { procedureId }, tx);

    /// <summary>The compare-and-set, the batch effect and the audit rows of a transition, inside the caller's transaction.</summary>
    private async Task<bool> ApplyTransitionAsync(DbConnection connection, DbTransaction tx, ReplicaUpdateTransition t)
    {
        var at = Instant(t.At);
        var moved = await connection.ExecuteAsync(
            TransitionSql,
            new { t.NewState, t.IsActive, at, t.SupersededBy, completedAt = Instant(t.IsActive ? null : t.At), t.UpdateId, t.ExpectedState, t.ExpectedVersion },
            tx).ConfigureAwait(false);
        if (moved == 0)
        {
            return false;
        }

        switch (t.Batches)
        {
            case ReplicaBatchEffect.CancelPending:
                await connection.ExecuteAsync(CancelReadySql, new { at, Id = t.UpdateId }, tx).ConfigureAwait(false);
                break;
            case ReplicaBatchEffect.RequeueFailures:
                await RequeueFailuresAsync(connection, tx, t.UpdateId, at).ConfigureAwait(false);
                break;
        }

        await AppendAuditAsync(connection, tx, t.Audit).ConfigureAwait(false);
        return true;
    }

    private static async Task RequeueFailuresAsync(DbConnection connection, DbTransaction tx, long updateId, InstantParameter at)
    {
        var folders = (await connection.QueryAsync<string>(OpenFailedFoldersSql, new { updateId }, tx).ConfigureAwait(false)).AsList();
        if (folders.Count == 0)
        {
            return;
        }

        var args = new { updateId, folders = ReplicaBatchRecord.Join(folders), count = folders.Count, at };
        await connection.ExecuteAsync(RequeueSql, args, tx).ConfigureAwait(false);
        await connection.ExecuteAsync(RetriedSql, args, tx).ConfigureAwait(false);
        await connection.ExecuteAsync(UnfailSql, args, tx).ConfigureAwait(false);
    }
}
