using Orchestrator.Storage.Replicas;

namespace Orchestrator.Storage.Sqlite;

/// <summary>The batches' claims in SQLite: leases on the runner's clock (<see cref="ClaimSql"/>), under its one writer.</summary>
public sealed partial class SqliteReplicaUpdateStore
{
    /// <summary>The claim of a batch (<see cref="BatchClaimStatements.Claim"/>): the row first, then the update's guard.</summary>
    protected override BatchClaimStatements BatchClaims { get; } = new(
        ClaimSql.Claim(
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
            "runs = runs + 1"),
        ClaimSql.Renew(ClaimTable.Batches), ClaimSql.GiveBack(ClaimTable.Batches, "status = 'ready'"),
        ClaimSql.Held(ClaimTable.Batches), ClaimSql.MarkDispatched(ClaimTable.Batches));

    /// <summary>Leases are on the runner's clock: SQLite has no server clock of its own.</summary>
    protected override string LeaseClock => "@now";

    protected override string DueBatchesStatement { get; } =
        $"SELECT seq FROM replica_batches WHERE update_id = @updateId AND {ClaimSql.Dispatchable()} ORDER BY seq LIMIT @limit";
}
