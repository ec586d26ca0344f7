namespace Orchestrator.Storage.PostgreSql;

/// <summary>The batches' claims in PostgreSQL: leases on the database's clock (<see cref="ClaimSql"/>).</summary>
public sealed partial class PostgresReplicaUpdateStore
{
    /// <summary>The claim of a batch (see <see cref="Replicas.DatabaseReplicaUpdateStore"/>'s ClaimBatchStatement).</summary>
    private static readonly string ClaimBatchSql = ClaimSql.Claim(
        ClaimTable.Batches,
        """
        o.state = 'Running'
        AND NOT EXISTS (SELECT 1 FROM procedures p WHERE p.hierarchy = o.hierarchy AND p.id > o.procedure_id AND p.kind = ANY(@moveKinds))
        """,
        $"(@seq::integer IS NULL OR c.seq = @seq) AND {ClaimSql.Claimable("c.")}",
        "runs = t.runs + 1");

    private static readonly string DueBatchesSql =
        $"SELECT seq FROM replica_batches WHERE update_id = @updateId AND {ClaimSql.Dispatchable()} ORDER BY seq LIMIT @limit";

    protected override string ClaimBatchStatement => ClaimBatchSql;

    protected override string RenewBatchStatement { get; } = ClaimSql.Renew(ClaimTable.Batches);

    /// <summary>A batch given back runs again at once by the database's clock.</summary>
    protected override string GiveBackBatchStatement { get; } = ClaimSql.GiveBack(ClaimTable.Batches, "status = 'ready'");

    protected override string BatchHeld { get; } = ClaimSql.Held(ClaimTable.Batches);

    protected override string DueBatchesStatement => DueBatchesSql;

    protected override string MarkBatchDispatchedStatement { get; } = ClaimSql.MarkDispatched(ClaimTable.Batches);

    /// <summary>Due after the backoff (RetryNotBefore - At) on the database's clock, not at the runner's RetryNotBefore.</summary>
    protected override string RetryDue => ClaimSql.DueAfter;

    protected override string LeaseClock => ClaimSql.LeaseClock;
}
