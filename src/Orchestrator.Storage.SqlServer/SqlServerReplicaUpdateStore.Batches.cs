using Dapper;
using Microsoft.Data.SqlClient;
using Orchestrator.Storage.Claims;
using Orchestrator.Storage.Replicas;
using Orchestrator.Storage.Rows;

namespace Orchestrator.Storage.SqlServer;

/// <summary>The batches of replica-list updates: claims, checkpoints and the scheduler's view.</summary>
public sealed partial class SqlServerReplicaUpdateStore
{
    /// <summary>
    /// Claims the given batch (or the next due one): ready, or running with an expired claim — never one a live claim
    /// holds. Only while the update runs and no newer move superseded it.
    /// </summary>
    private static readonly string ClaimBatchSql = ClaimSql.Claim(
        ClaimTable.Batches,
        """
        o.state = 'Running'
        AND NOT EXISTS (SELECT 1 FROM procedures p WHERE p.hierarchy = o.hierarchy AND p.id > o.procedure_id AND p.kind IN @moveKinds)
        """,
        $"(@seq IS NULL OR c.seq = @seq) AND {ClaimSql.Claimable("c.")}",
        "runs = runs + 1");

    private static readonly string RenewBatchSql = ClaimSql.Renew(ClaimTable.Batches);

    /// <summary>A batch given back runs again (its runs count stays: its folders may have been written in part).</summary>
    private static readonly string GiveBackBatchSql = ClaimSql.GiveBack(ClaimTable.Batches, "status = 'ready'");

    /// <summary>The checkpoint's first write: the batch is done — only while the claim still holds it.</summary>
    private static readonly string FinishBatchSql =
        $"""
        UPDATE replica_batches
           SET status = 'done', done_count = @Done, failed_count = @failed, completed_at = @at, claimed_by = NULL, claim_expires_at = NULL
         WHERE {ClaimSql.Held(ClaimTable.Batches)}
        """;

    private static readonly string DueBatchesSql =
        $"SELECT TOP (@limit) seq FROM replica_batches WHERE update_id = @updateId AND {ClaimSql.Dispatchable()} ORDER BY seq";

    private static readonly string MarkBatchDispatchedSql = ClaimSql.MarkDispatched(ClaimTable.Batches);

    /// <summary>A folder's failure, recorded again when it fails again: the key range is held (UPDLOCK, SERIALIZABLE) for the insert.</summary>
    private const string RecordFailureSql =
        """
        UPDATE replica_folder_failures WITH (UPDLOCK, SERIALIZABLE)
           SET attempts = @Attempts, error = @Error, recorded_at = @at, retried_at = NULL
         WHERE update_id = @UpdateId AND folder = @Folder;
        IF @@ROWCOUNT = 0
            INSERT INTO replica_folder_failures (update_id, folder, attempts, error, recorded_at) VALUES (@UpdateId, @Folder, @Attempts, @Error, @at);
        """;

    public async Task<ReplicaBatchRecord?> TryClaimBatchAsync(
        long updateId, int? seq, string worker, DateTimeOffset now, TimeSpan lease, IReadOnlyList<string> moveKinds, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ClaimAsync(connection, null, updateId, seq, worker, now, lease, moveKinds).ConfigureAwait(false);
    }

    public async Task<bool> RenewClaimAsync(WorkClaim claim, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentOutOfRangeException.ThrowIfNotEqual(claim.Kind, WorkKinds.ReplicaBatch);
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(RenewBatchSql, new { claim.OwnerId, claim.Seq, claim.Token, now = SqlInstant.Of(now), expires = SqlInstant.Of(now + lease) }).ConfigureAwait(false) == 1;
    }

    public async Task<bool> GiveBackBatchAsync(BatchClaim claim, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(GiveBackBatchSql, new { claim.OwnerId, claim.Seq, claim.Token, notBefore = SqlInstant.Of(now) }).ConfigureAwait(false) == 1;
    }

    public async Task<ReplicaCheckpointOutcome> CheckpointAsync(ReplicaCheckpoint c, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(c);
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginAsync(cancellationToken).ConfigureAwait(false);
        var at = SqlInstant.Of(c.At);
        var finished = await connection.ExecuteAsync(
            FinishBatchSql, new { c.Done, failed = c.Retry.Count + c.GivenUp.Count, at, c.Claim.OwnerId, c.Claim.Seq, c.Claim.Token }, tx).ConfigureAwait(false);
        if (finished == 0)
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return ReplicaCheckpointOutcome.Lost;
        }

        // The update's row is held from here to the commit: the retry batch's number below is this update's next.
        await connection.ExecuteAsync(
            "UPDATE replica_updates SET done = done + @Done, changed = changed + @Changed, failed = failed + @givenUp, updated_at = @at WHERE id = @UpdateId",
            new { c.Done, c.Changed, givenUp = c.GivenUp.Count, at, c.UpdateId }, tx).ConfigureAwait(false);
        if (c.Retry.Count > 0)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO replica_batches (update_id, seq, attempt, folders, folder_count, status, not_before)
                SELECT @UpdateId, MAX(seq) + 1, @RetryAttempt, @folders, @count, 'ready', @notBefore FROM replica_batches WHERE update_id = @UpdateId
                """,
                new { c.UpdateId, c.RetryAttempt, folders = ReplicaBatchRecord.Join(c.Retry), count = c.Retry.Count, notBefore = SqlInstant.Of(c.RetryNotBefore) },
                tx).ConfigureAwait(false);
        }

        foreach (var f in c.GivenUp)
        {
            await connection.ExecuteAsync(RecordFailureSql, new { c.UpdateId, f.Folder, f.Attempts, f.Error, at }, tx).ConfigureAwait(false);
        }

        var next = c.ClaimNext
            ? await ClaimAsync(connection, tx, c.UpdateId, null, c.Worker, c.At, c.ClaimLease, c.MoveKinds).ConfigureAwait(false)
            : null;
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ReplicaCheckpointOutcome(true, next);
    }

    public async Task<(IReadOnlyList<int> Due, int InFlight)> SchedulableBatchesAsync(
        long updateId, string worker, DateTimeOffset now, DateTimeOffset staleBefore, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var args = new { updateId, worker, now = SqlInstant.Of(now), stale = SqlInstant.Of(staleBefore), limit };
        var inFlight = await connection.ExecuteScalarAsync<int>(
            """
            SELECT COUNT(*) FROM replica_batches
             WHERE update_id = @updateId
               AND ((status = 'running' AND claim_expires_at >= dbo.lease_clock(@now)) OR (status = 'ready' AND dispatched_by = @worker AND dispatched_at >= @stale))
            """, args).ConfigureAwait(false);
        var due = limit <= 0 ? [] : (await connection.QueryAsync<int>(DueBatchesSql, args).ConfigureAwait(false)).AsList();
        return (due, inFlight);
    }

    public async Task MarkBatchDispatchedAsync(long updateId, int seq, string worker, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(MarkBatchDispatchedSql, new { owner = updateId, seq, worker, at = SqlInstant.Of(at) }).ConfigureAwait(false);
    }

    public async Task<int> UnfinishedBatchesAsync(long updateId, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM replica_batches WHERE update_id = @updateId AND status IN ('ready', 'running')", new { updateId }).ConfigureAwait(false);
    }

    public async Task<bool> OthersRunningAsync(string hierarchy, long exceptUpdateId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<bool>(
            """
            SELECT CASE WHEN EXISTS (SELECT 1 FROM replica_batches b JOIN replica_updates u ON u.id = b.update_id
                                      WHERE u.hierarchy = @hierarchy AND u.id <> @exceptUpdateId AND b.status = 'running' AND b.claim_expires_at >= dbo.lease_clock(@now))
                        THEN CAST(1 AS bit) ELSE CAST(0 AS bit) END
            """,
            new { hierarchy, exceptUpdateId, now = SqlInstant.Of(now) }).ConfigureAwait(false);
    }

    public async Task<(int Batches, long Folders)> RedoneAsync(long updateId, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleAsync<(int, long)>(
            "SELECT COUNT(*), COALESCE(SUM(CAST(folder_count AS bigint)), CAST(0 AS bigint)) FROM replica_batches WHERE update_id = @updateId AND runs > 1",
            new { updateId }).ConfigureAwait(false);
    }

    private static Task<ReplicaBatchRecord?> ClaimAsync(
        SqlConnection connection, SqlTransaction? tx, long updateId, int? seq, string worker, DateTimeOffset now, TimeSpan lease, IReadOnlyList<string> moveKinds) =>
        DbRows.SingleOrDefaultAsync<ReplicaBatchRecord>(
            connection, ClaimBatchSql,
            new { owner = updateId, seq, worker, now = SqlInstant.Of(now), expires = SqlInstant.Of(now + lease), moveKinds = moveKinds.ToArray() },
            tx);
}
