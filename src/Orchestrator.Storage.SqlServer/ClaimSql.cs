namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// The one claim mechanism's SQL on SQL Server, written once for every table of claimed work (<see cref="ClaimTable"/>):
/// claim, renew, "still held", give back, and "dispatchable" — the PostgreSQL provider's mechanism with SQL Server's
/// locks. A claim first reads its owner's row WITH (REPEATABLEREAD, ROWLOCK) (a shared lock to the statement's end: a
/// transition, which takes that row exclusively first, is either before it or waits for it), then picks its row WITH (UPDLOCK, READPAST,
/// ROWLOCK) where PostgreSQL says FOR UPDATE SKIP LOCKED (a row another transaction is claiming or committing is skipped,
/// not waited for), and raises the row's fencing token; OUTPUT returns the row where PostgreSQL says RETURNING. Every write
/// on behalf of a claim names the owner, seq, token and status 'running' (<see cref="Held"/>). Parameters: @owner, @seq,
/// @worker, @now, @expires for a claim (the lease is @expires - @now, counted on SQL Server's clock: <see cref="LeaseClock"/>); @OwnerId, @Seq, @Token (a <see cref="Claims.WorkClaim"/>) for a held claim.
/// </summary>
internal static class ClaimSql
{
    /// <summary>The clock of leases: SQL Server's (<c>dbo.lease_clock</c>, db/sqlserver/0002); @now is passed only so that a test database can follow it.</summary>
    public const string LeaseClock = "dbo.lease_clock(@now)";

    /// <summary>A lease's end on that clock: the caller's lease (@expires - @now, in milliseconds) from the database's now.</summary>
    public const string LeaseEnd = $"DATEADD(millisecond, DATEDIFF(millisecond, @now, @expires), {LeaseClock})";

    /// <summary>A row that may be claimed: ready and due, or running with an expired lease — by no worker twice, its own included.</summary>
    public static string Claimable(string alias = "") =>
        $"({alias}status = 'ready' OR ({alias}status = 'running' AND {alias}claim_expires_at < {LeaseClock})) AND ({alias}not_before IS NULL OR {alias}not_before <= @now)";

    /// <summary>
    /// What the sweeper dispatches: a claimable row, except a ready one this worker dispatched since @stale (its job is
    /// still queued here). Another worker's mark is a job queue that may have died with its process: dispatched again.
    /// </summary>
    public static string Dispatchable(string alias = "") =>
        $"{Claimable(alias)} AND NOT ({alias}status = 'ready' AND {alias}dispatched_by IS NOT NULL AND {alias}dispatched_at IS NOT NULL " +
        $"AND {alias}dispatched_by = @worker AND {alias}dispatched_at >= @stale)";

    /// <summary>
    /// The claim: the first row (by seq) of owner @owner that <paramref name="row"/> picks (alias <c>c</c>), while the
    /// owner's row (alias <c>o</c>) satisfies <paramref name="ownerGuard"/>, becomes running for @worker until @expires
    /// under a new token; <paramref name="counters"/> are the table's own bookkeeping (its columns unqualified). One
    /// statement: the picked row is updated through the CTE (the common SQL Server queue pattern), and the owner's row is
    /// read first (FORCE ORDER, nested loops), so a claim never holds a row of the table while it waits for the owner's
    /// row, which a transition holds while it changes rows of the table. Returns the row (OUTPUT).
    /// </summary>
    public static string Claim(ClaimTable table, string ownerGuard, string row, string counters) =>
        $"""
        WITH pick AS (
            SELECT TOP (1) c.*
              FROM {table.OwnerTable} o WITH (REPEATABLEREAD, ROWLOCK)
              JOIN {table.Name} c WITH (UPDLOCK, READPAST, ROWLOCK) ON c.{table.OwnerColumn} = o.id
             WHERE o.id = @owner AND {ownerGuard} AND {row}
             ORDER BY c.seq)
        UPDATE pick
           SET status = 'running', claimed_by = @worker, claim_expires_at = {LeaseEnd}, claim_token = claim_token + 1,
               not_before = NULL, dispatched_by = NULL, dispatched_at = NULL, {counters}
        OUTPUT inserted.*
        OPTION (FORCE ORDER, LOOP JOIN);
        """;

    /// <summary>The claim @OwnerId/@Seq/@Token still holds its row.</summary>
    public static string Held(ClaimTable table, string alias = "") =>
        $"{alias}{table.OwnerColumn} = @OwnerId AND {alias}seq = @Seq AND {alias}claim_token = @Token AND {alias}status = 'running'";

    /// <summary>The heartbeat: the held claim's lease runs for another @expires - @now from the database's now.</summary>
    public static string Renew(ClaimTable table) => $"UPDATE {table.Name} SET claim_expires_at = {LeaseEnd} WHERE {Held(table)}";

    /// <summary>"Still held", inside a commit's transaction: a no-op update, so the row stays locked until the commit ends.</summary>
    public static string StillHeld(ClaimTable table) => $"UPDATE {table.Name} SET claim_token = claim_token WHERE {Held(table)}";

    /// <summary>The give-back: the held row is no longer claimed nor dispatched, due at @notBefore; <paramref name="set"/> says its new status and bookkeeping.</summary>
    public static string GiveBack(ClaimTable table, string set) =>
        $"""
        UPDATE {table.Name}
           SET claimed_by = NULL, claim_expires_at = NULL, dispatched_by = NULL, dispatched_at = NULL, not_before = @notBefore, {set}
         WHERE {Held(table)}
        """;

    /// <summary>The sweeper's dispatch mark: @worker's job queue holds the row since @at.</summary>
    public static string MarkDispatched(ClaimTable table) =>
        $"UPDATE {table.Name} SET dispatched_by = @worker, dispatched_at = @at WHERE {table.OwnerColumn} = @owner AND seq = @seq AND status = 'ready'";
}
