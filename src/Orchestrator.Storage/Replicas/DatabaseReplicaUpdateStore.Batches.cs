using System.Data.Common;
using Dapper;
using Orchestrator.Storage.Claims;

namespace Orchestrator.Storage.Replicas;

/// <summary>The batches of replica-list updates: claims, checkpoints and the scheduler's view.</summary>
public abstract partial class DatabaseReplicaUpdateStore
{
    private const string CountDoneSql =
        "UPDATE replica_updates SET done = done + @Done, changed = changed + @Changed, failed = failed + @givenUp, updated_at = @at WHERE id = @UpdateId";

    /// <summary>A folder's failure, recorded again (and open again) when it fails again.</summary>
    private const string UpsertFailureSql =
        """
        INSERT INTO replica_folder_failures (update_id, folder, attempts, error, recorded_at) VALUES (@UpdateId, @Folder, @Attempts, @Error, @at)
        ON CONFLICT (update_id, folder) DO UPDATE
           SET attempts = excluded.attempts, error = excluded.error, recorded_at = excluded.recorded_at, retried_at = NULL
        """;

    private const string UnfinishedSql = "SELECT COUNT(*) FROM replica_batches WHERE update_id = @updateId AND status IN ('ready', 'running')";

    private const string RedoneSql =
        "SELECT COUNT(*), COALESCE(SUM(CAST(folder_count AS bigint)), CAST(0 AS bigint)) FROM replica_batches WHERE update_id = @updateId AND runs > 1";

    /// <summary>The provider's claim statements for batches.</summary>
    protected abstract BatchClaimStatements BatchClaims { get; }

    /// <summary>At most @limit seqs of update @updateId that are due and not dispatched, lowest first.</summary>
    protected abstract string DueBatchesStatement { get; }

    /// <summary>When a retry batch is due: @notBefore (or, on a database's clock, @delaySeconds after @now).</summary>
    protected virtual string RetryDue => "@notBefore";

    /// <summary>The time a claim's expiry is compared with: @now, or the database's clock at @now.</summary>
    protected abstract string LeaseClock { get; }

    /// <summary>Records a folder given up (@UpdateId, @Folder, @Attempts, @Error, @at), open again when it was recorded before (ON CONFLICT unless the dialect has none).</summary>
    protected virtual string RecordFailureStatement => UpsertFailureSql;

    /// <summary>The checkpoint's first write: the batch is done — only while the claim still holds it.</summary>
    private string FinishBatchSql =>
        $"""
        UPDATE replica_batches
           SET status = 'done', done_count = @Done, failed_count = @failed, completed_at = @at, claimed_by = NULL, claim_expires_at = NULL
         WHERE {BatchClaims.Held}
        """;

    /// <summary>The folders to retry as the update's next batch, due at <see cref="RetryDue"/>.</summary>
    private string RetryBatchSql =>
        $"""
        INSERT INTO replica_batches (update_id, seq, attempt, folders, folder_count, status, not_before)
        SELECT @UpdateId, MAX(seq) + 1, @RetryAttempt, @folders, @count, 'ready', {RetryDue} FROM replica_batches WHERE update_id = @UpdateId
        """;

    /// <summary>Batches of @updateId under a live claim, or dispatched by @worker since @stale and not yet claimed.</summary>
    private string InFlightSql =>
        $"""
        SELECT COUNT(*) FROM replica_batches
         WHERE update_id = @updateId
           AND ((status = 'running' AND claim_expires_at >= {LeaseClock}) OR (status = 'ready' AND dispatched_by = @worker AND dispatched_at >= @stale))
        """;

    private string OthersRunningSql =>
        $"""
        SELECT CASE WHEN EXISTS (SELECT 1 FROM replica_batches b JOIN replica_updates u ON u.id = b.update_id
                                  WHERE u.hierarchy = @hierarchy AND u.id <> @exceptUpdateId AND b.status = 'running' AND b.claim_expires_at >= {LeaseClock})
                    THEN 1 ELSE 0 END
        """;

    public async Task<ReplicaBatchRecord?> TryClaimBatchAsync(
        long updateId, int? seq, string worker, DateTimeOffset now, TimeSpan lease, IReadOnlyList<string> moveKinds, CancellationToken cancellationToken)
    {
        await using var connection = await OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        return await ClaimAsync(connection, null, updateId, seq, worker, now, lease, moveKinds).ConfigureAwait(false);
    }

    public async Task<bool> RenewClaimAsync(WorkClaim claim, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentOutOfRangeException.ThrowIfNotEqual(claim.Kind, WorkKinds.ReplicaBatch);
        await using var connection = await OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        var args = new { claim.OwnerId, claim.Seq, claim.Token, now = Instant(now), expires = Instant(now + lease), leaseSeconds = lease.TotalSeconds };
        return await connection.ExecuteAsync(BatchClaims.Renew, args).ConfigureAwait(false) == 1;
    }

    public async Task<bool> GiveBackBatchAsync(BatchClaim claim, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await using var connection = await OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        var args = new { claim.OwnerId, claim.Seq, claim.Token, now = Instant(now), notBefore = Instant(now), delaySeconds = 0d };
        return await connection.ExecuteAsync(BatchClaims.GiveBack, args).ConfigureAwait(false) == 1;
    }

    public async Task<ReplicaCheckpointOutcome> CheckpointAsync(ReplicaCheckpoint c, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(c);
        await using var connection = await OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await BeginAsync(connection, cancellationToken).ConfigureAwait(false);
        var at = Instant(c.At);
        var finished = await connection.ExecuteAsync(
            FinishBatchSql,
            new { c.Done, failed = c.Retry.Count + c.GivenUp.Count, at, c.Claim.OwnerId, c.Claim.Seq, c.Claim.Token }, tx).ConfigureAwait(false);
        if (finished == 0)
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return ReplicaCheckpointOutcome.Lost;
        }

        // The update's row is held from here to the commit: the retry batch's number below is this update's next.
        await connection.ExecuteAsync(CountDoneSql, new { c.Done, c.Changed, givenUp = c.GivenUp.Count, at, c.UpdateId }, tx).ConfigureAwait(false);
        if (c.Retry.Count > 0)
        {
            await connection.ExecuteAsync(
                RetryBatchSql,
                new
                {
                    c.UpdateId, c.RetryAttempt, folders = ReplicaBatchRecord.Join(c.Retry), count = c.Retry.Count,
                    now = at, notBefore = Instant(c.RetryNotBefore), delaySeconds = Math.Max(0, (c.RetryNotBefore - c.At).TotalSeconds),
                },
                tx).ConfigureAwait(false);
        }

        foreach (var f in c.GivenUp)
        {
            await connection.ExecuteAsync(RecordFailureStatement, new { c.UpdateId, f.Folder, f.Attempts, f.Error, at }, tx).ConfigureAwait(false);
        }

        var next = c.ClaimNext
            ? await ClaimAsync(connection, tx, c.UpdateId, null, c.Worker, c.At, c.ClaimLease, c.MoveKinds).ConfigureAwait(false)
            : null;
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        AuditCommitted();
        return new ReplicaCheckpointOutcome(true, next);
    }

    public async Task<(IReadOnlyList<int> Due, int InFlight)> SchedulableBatchesAsync(
        long updateId, string worker, DateTimeOffset now, DateTimeOffset staleBefore, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var args = new { updateId, worker, now = Instant(now), stale = Instant(staleBefore), limit };
        var inFlight = await connection.ExecuteScalarAsync<int>(InFlightSql, args).ConfigureAwait(false);
        var due = limit <= 0 ? [] : (await connection.QueryAsync<int>(DueBatchesStatement, args).ConfigureAwait(false)).AsList();
        return (due, inFlight);
    }

    public async Task MarkBatchDispatchedAsync(long updateId, int seq, string worker, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(BatchClaims.MarkDispatched, new { owner = updateId, seq, worker, at = Instant(at) }).ConfigureAwait(false);
    }

    public async Task<int> UnfinishedBatchesAsync(long updateId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<int>(UnfinishedSql, new { updateId }).ConfigureAwait(false);
    }

    public async Task<bool> OthersRunningAsync(string hierarchy, long exceptUpdateId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<bool>(OthersRunningSql, new { hierarchy, exceptUpdateId, now = Instant(now) }).ConfigureAwait(false);
    }

    public async Task<(int Batches, long Folders)> RedoneAsync(long updateId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleAsync<(int, long)>(RedoneSql, new { updateId }).ConfigureAwait(false);
    }

    private async Task<ReplicaBatchRecord?> ClaimAsync(
        DbConnection connection, DbTransaction? tx, long updateId, int? seq, string worker, DateTimeOffset now, TimeSpan lease, IReadOnlyList<string> moveKinds)
    {
        var args = new
        {
            owner = updateId, seq, worker, now = Instant(now), expires = Instant(now + lease), leaseSeconds = lease.TotalSeconds, moveKinds = moveKinds.ToArray(),
        };
        var rows = await QueryAsync<ReplicaBatchRecord>(connection, BatchClaims.Claim, args, tx).ConfigureAwait(false);
        return rows.Count <= 1 ? rows.FirstOrDefault() : throw new InvalidOperationException($"expected at most one row, got {rows.Count}");
    }

    /// <summary>Every statement this store runs, as its provider's dialect says it (for a syntax check).</summary>
    public IReadOnlyList<(string Name, string Sql)> Statements() =>
    [
        (nameof(ByProcedureSql), ByProcedureSql), (nameof(ByIdSql), ByIdSql), (nameof(SupersedeSql), SupersedeSql),
        (nameof(CancelReadySql), CancelReadySql), (nameof(InsertUpdateSql), InsertUpdateSql), (nameof(TransitionSql), TransitionSql),
        (nameof(PlannedSql), PlannedSql), (nameof(OpenFailuresSql), OpenFailuresSql), (nameof(OpenFailedFoldersSql), OpenFailedFoldersSql),
        (nameof(RequeueSql), RequeueSql), (nameof(RetriedSql), RetriedSql), (nameof(UnfailSql), UnfailSql), (nameof(ListActiveSql), ListActiveSql),
        (nameof(ActiveOfHierarchyStatement), ActiveOfHierarchyStatement), (nameof(ListStatement), ListStatement),
        (nameof(LatestPerHierarchyStatement), LatestPerHierarchyStatement), (nameof(NewerMoveStatement), NewerMoveStatement),
        (nameof(CountDoneSql), CountDoneSql), (nameof(UnfinishedSql), UnfinishedSql), (nameof(RedoneSql), RedoneSql),
        (nameof(FinishBatchSql), FinishBatchSql), (nameof(RetryBatchSql), RetryBatchSql), (nameof(InFlightSql), InFlightSql),
        (nameof(OthersRunningSql), OthersRunningSql), (nameof(DueBatchesStatement), DueBatchesStatement), (nameof(RecordFailureStatement), RecordFailureStatement),
        ("ClaimBatchSql", BatchClaims.Claim), ("RenewBatchSql", BatchClaims.Renew), ("GiveBackBatchSql", BatchClaims.GiveBack),
        ("MarkBatchDispatchedSql", BatchClaims.MarkDispatched),
    ];
}
