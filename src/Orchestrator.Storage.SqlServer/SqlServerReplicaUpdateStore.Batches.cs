using Orchestrator.Storage.Replicas;

namespace Orchestrator.Storage.SqlServer;

/// <summary>The batches' claims in SQL Server: leases on the database's clock (<see cref="ClaimSql"/>).</summary>
public sealed partial class SqlServerReplicaUpdateStore
{
    /// <summary>The claim of a batch (<see cref="BatchClaimStatements.Claim"/>).</summary>
    private static readonly string ClaimBatchSql = ClaimSql.Claim(
        ClaimTable.Batches,
        """
        o.state = 'Running'
        AND NOT EXISTS (SELECT 1 FROM procedures p WHERE p.hierarchy = o.hierarchy AND p.id > o.procedure_id AND p.kind IN @moveKinds)
        """,
        $"(@seq IS NULL OR c.seq = @seq) AND {ClaimSql.Claimable("c.")}",
        "runs = runs + 1");

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

    protected override BatchClaimStatements BatchClaims { get; } = new(
        ClaimBatchSql, ClaimSql.Renew(ClaimTable.Batches), ClaimSql.GiveBack(ClaimTable.Batches, "status = 'ready'"),
        ClaimSql.Held(ClaimTable.Batches), ClaimSql.MarkDispatched(ClaimTable.Batches));

    protected override string RecordFailureStatement => RecordFailureSql;

    protected override string DueBatchesStatement { get; } =
        $"SELECT TOP (@limit) seq FROM replica_batches WHERE update_id = @updateId AND {ClaimSql.Dispatchable()} ORDER BY seq";

    protected override string LeaseClock => ClaimSql.LeaseClock;
}
