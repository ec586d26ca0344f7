namespace Orchestrator.Storage.SqlServer;

/// <summary>The batches' claims in SQL Server: leases on the database's clock (<see cref="ClaimSql"/>).</summary>
public sealed partial class SqlServerReplicaUpdateStore
{
    /// <summary>The claim of a batch (see <see cref="Replicas.DatabaseReplicaUpdateStore"/>'s ClaimBatchStatement).</summary>
    private static readonly string ClaimBatchSql = ClaimSql.Claim(
        ClaimTable.Batches,
        """
        o.state = 'Running'
        AND NOT EXISTS (SELECT 1 FROM procedures p WHERE p.hierarchy = o.hierarchy AND p.id > o.procedure_id AND p.kind IN @moveKinds)
        """,
        $"(@seq IS NULL OR c.seq = @seq) AND {ClaimSql.Claimable("c.")}",
        "runs = runs + 1");

    private static readonly string RenewBatchSql = ClaimSql.Renew(ClaimTable.Batches);

    private static readonly string GiveBackBatchSql = ClaimSql.GiveBack(ClaimTable.Batches, "status = 'ready'");

    private static readonly string DueBatchesSql =
        $"SELECT TOP (@limit) seq FROM replica_batches WHERE update_id = @updateId AND {ClaimSql.Dispatchable()} ORDER BY seq";

    private static readonly string MarkBatchDispatchedSql = ClaimSql.MarkDispatched(ClaimTable.Batches);

    /// <summary>
    /// A folder's failure, recorded again when it fails again: T-SQL has no ON CONFLICT, so the key range is held
    /// (UPDLOCK, SERIALIZABLE) from the update to the insert.
    /// </summary>
    private const string RecordFailureSql =
        """
        UPDATE replica_folder_failures WITH (UPDLOCK, SERIALIZABLE)
           SET attempts = @Attempts, error = @Error, recorded_at = @at, retried_at = NULL
         WHERE update_id = @UpdateId AND folder = @Folder;
        IF @@ROWCOUNT = 0
            INSERT INTO replica_folder_failures (update_id, folder, attempts, error, recorded_at) VALUES (@UpdateId, @Folder, @Attempts, @Error, @at);
        """;

    protected override string ClaimBatchStatement => ClaimBatchSql;

    protected override string RenewBatchStatement => RenewBatchSql;

    protected override string GiveBackBatchStatement => GiveBackBatchSql;

    protected override string BatchHeld => ClaimSql.Held(ClaimTable.Batches);

    protected override string DueBatchesStatement => DueBatchesSql;

    protected override string MarkBatchDispatchedStatement => MarkBatchDispatchedSql;

    protected override string RetryDue => "@notBefore";

    protected override string LeaseClock => ClaimSql.LeaseClock;

    protected override string RecordFailureStatement => RecordFailureSql;
}
