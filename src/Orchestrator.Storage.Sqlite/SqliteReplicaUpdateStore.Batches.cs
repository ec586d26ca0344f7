namespace Orchestrator.Storage.Sqlite;

/// <summary>The batches' claims in SQLite: leases on the runner's clock (<see cref="ClaimSql"/>), under its one writer.</summary>
public sealed partial class SqliteReplicaUpdateStore
{
    /// <summary>The claim of a batch (see <see cref="Replicas.DatabaseReplicaUpdateStore"/>'s ClaimBatchStatement): the row first, then the update's guard.</summary>
    private static readonly string ClaimBatchSql = ClaimSql.Claim(
        ClaimTable.Batches,
        $"""
        seq = (SELECT b.seq FROM replica_batches b
                WHERE b.update_id = @owner AND (@seq IS NULL OR b.seq = @seq) AND {ClaimSql.Claimable("b.")}
                ORDER BY b.seq LIMIT 1)
        """,
        """
        EXISTS (SELECT 1 FROM replica_updates u
                 WHERE u.id = @owner AND u.state = 'Running'
                   AND NOT EXISTS (SELECT 1 FROM procedures p
                                    WHERE p.hierarchy = u.hierarchy AND p.id > u.procedure_id AND p.kind IN @moveKinds))
        """,
        "runs = runs + 1");

    private static readonly string DueBatchesSql =
        $"SELECT seq FROM replica_batches WHERE update_id = @updateId AND {ClaimSql.Dispatchable()} ORDER BY seq LIMIT @limit";

    protected override string ClaimBatchStatement => ClaimBatchSql;

    protected override string RenewBatchStatement { get; } = ClaimSql.Renew(ClaimTable.Batches);

    protected override string GiveBackBatchStatement { get; } = ClaimSql.GiveBack(ClaimTable.Batches, "status = 'ready'");

    protected override string BatchHeld { get; } = ClaimSql.Held(ClaimTable.Batches);

    protected override string DueBatchesStatement => DueBatchesSql;

    protected override string MarkBatchDispatchedStatement { get; } = ClaimSql.MarkDispatched(ClaimTable.Batches);

    protected override string RetryDue => "@notBefore";

    /// <summary>Leases are on the runner's clock: SQLite has no server clock of its own.</summary>
    protected override string LeaseClock => "@now";
}
