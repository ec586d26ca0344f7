using Orchestrator.Storage.Replicas;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>The batches' claims in PostgreSQL: leases on the database's clock (<see cref="ClaimSql"/>).</summary>
public sealed partial class PostgresReplicaUpdateStore
{
    protected override BatchClaimStatements BatchClaims { get; } = new(
        ClaimSql.Claim(
            ClaimTable.Batches,
            """
            o.state = 'Running'
            AND NOT EXISTS (SELECT 1 FROM procedures p WHERE p.hierarchy = o.hierarchy AND p.id > o.procedure_id AND p.kind = ANY(@moveKinds))
            """,
            $"(@seq::integer IS NULL OR c.seq = @seq) AND {ClaimSql.Claimable("c.")}",
            "runs = t.runs + 1"),
        ClaimSql.Renew(ClaimTable.Batches),
        ClaimSql.GiveBack(ClaimTable.Batches, "status = 'ready'"),
        ClaimSql.Held(ClaimTable.Batches),
        ClaimSql.MarkDispatched(ClaimTable.Batches));

    protected override string DueBatchesStatement { get; } =
        $"SELECT seq FROM replica_batches WHERE update_id = @updateId AND {ClaimSql.Dispatchable()} ORDER BY seq LIMIT @limit";

    /// <summary>Due after the backoff (RetryNotBefore - At) on the database's clock, not at the runner's RetryNotBefore.</summary>
    protected override string RetryDue => ClaimSql.DueAfter;

    protected override string LeaseClock => ClaimSql.LeaseClock;
}
