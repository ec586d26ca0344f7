namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// The one claim mechanism's SQL on PostgreSQL, written once for every table of claimed work (<see cref="ClaimTable"/>):
/// claim, renew, "still held", give back, and "dispatchable" — the SQLite provider's mechanism, with row locks instead of
/// one writer. A claim first holds its owner's row FOR SHARE (a transition of the owner, which updates that row, is
/// either before it or waits for it), then picks its row FOR UPDATE SKIP LOCKED (a row another transaction is claiming or
/// committing is not waited for: it is not claimable now), and raises the row's fencing token. Every write on behalf of
/// a claim names the owner, seq, token and status 'running' (<see cref="Held"/>). Leases follow the database's clock
/// (<see cref="LeaseClock"/>), not the runner's, and so does a row's due time (not_before, set by a give-back as the
/// database's clock plus a delay: <see cref="DueAfter"/>). Parameters: @owner, @seq, @worker, @now (the runner's clock:
/// only for the table's bookkeeping and, on a test database, <c>lease_clock</c>), @leaseSeconds for a claim; @OwnerId,
/// @Seq, @Token (a <see cref="Claims.WorkClaim"/>) for a held claim.
/// </summary>
internal static class ClaimSql
{
    /// <summary>The clock of leases: the database's (<c>lease_clock</c>, db/postgres/0005); @now is passed only so that a test database can follow it.</summary>
    public const string LeaseClock = "lease_clock(@now)";

    /// <summary>
    /// A due time set now: the database's clock plus @delaySeconds (a backoff, a wait; 0: due at once), never the runner's
    /// clock plus the delay, so a runner whose clock is minutes off still gives the delay it means.
    /// </summary>
    public const string DueAfter = $"{LeaseClock} + make_interval(secs => @delaySeconds)";

    /// <summary>A lease's end, set now: the database's clock plus @leaseSeconds.</summary>
    public const string LeaseEnd = $"{LeaseClock} + make_interval(secs => @leaseSeconds)";

    /// <summary>A row that may be claimed: ready and due, or running with an expired lease — by no worker twice, its own included.</summary>
    public static string Claimable(string alias = "") =>
        $"({alias}status = 'ready' OR ({alias}status = 'running' AND {alias}claim_expires_at < {LeaseClock})) AND ({alias}not_before IS NULL OR {alias}not_before <= {LeaseClock})";

    /// <summary>
    /// What the sweeper dispatches: a claimable row, except a ready one this worker dispatched since @stale (its job is
    /// still queued here). Another worker's mark is a job queue that may have died with its process: dispatched again.
    /// </summary>
    public static string Dispatchable(string alias = "") =>
        $"{Claimable(alias)} AND NOT ({alias}status = 'ready' AND {alias}dispatched_by IS NOT NULL AND {alias}dispatched_at IS NOT NULL " +
        $"AND {alias}dispatched_by = @worker AND {alias}dispatched_at >= @stale)";

    /// <summary>
    /// The claim: the first row (by seq) of owner @owner that <paramref name="row"/> picks (alias <c>c</c>; the owner's row
    /// is <c>owner</c>), while the owner's row (alias <c>o</c>) satisfies <paramref name="ownerGuard"/>, becomes running for
    /// @worker for @leaseSeconds under a new token; <paramref name="counters"/> are the table's own bookkeeping. Returns the row.
    /// </summary>
    public static string Claim(ClaimTable table, string ownerGuard, string row, string counters) =>
        $"""
        WITH owner AS (
            SELECT o.* FROM {table.OwnerTable} o WHERE o.id = @owner AND {ownerGuard} FOR SHARE OF o),
        pick AS (
            SELECT c.{table.OwnerColumn} AS owner_id, c.seq FROM {table.Name} c JOIN owner ON owner.id = c.{table.OwnerColumn}
             WHERE {row}
             ORDER BY c.seq LIMIT 1 FOR UPDATE OF c SKIP LOCKED)
        UPDATE {table.Name} t
           SET status = 'running', claimed_by = @worker, claim_expires_at = {LeaseEnd}, claim_token = t.claim_token + 1,
               not_before = NULL, dispatched_by = NULL, dispatched_at = NULL, {counters}
          FROM pick
         WHERE t.{table.OwnerColumn} = pick.owner_id AND t.seq = pick.seq
        RETURNING t.*
        """;

    /// <summary>The claim @OwnerId/@Seq/@Token still holds its row.</summary>
    public static string Held(ClaimTable table, string alias = "") =>
        $"{alias}{table.OwnerColumn} = @OwnerId AND {alias}seq = @Seq AND {alias}claim_token = @Token AND {alias}status = 'running'";

    /// <summary>The heartbeat: the held claim's lease runs @leaseSeconds from now (by the database's clock).</summary>
    public static string Renew(ClaimTable table) => $"UPDATE {table.Name} SET claim_expires_at = {LeaseEnd} WHERE {Held(table)}";

    /// <summary>"Still held", inside a commit's transaction: a no-op update, so the row stays locked until the commit ends.</summary>
    public static string StillHeld(ClaimTable table) => $"UPDATE {table.Name} SET claim_token = claim_token WHERE {Held(table)}";

    /// <summary>
    /// The give-back: the held row is no longer claimed nor dispatched, due at <paramref name="due"/> (<see cref="DueAfter"/>);
    /// <paramref name="set"/> says its new status and bookkeeping.
    /// </summary>
    public static string GiveBack(ClaimTable table, string set, string due = DueAfter) =>
        $"""
        UPDATE {table.Name}
           SET claimed_by = NULL, claim_expires_at = NULL, dispatched_by = NULL, dispatched_at = NULL, not_before = {due}, {set}
         WHERE {Held(table)}
        """;

    /// <summary>The sweeper's dispatch mark: @worker's job queue holds the row since @at.</summary>
    public static string MarkDispatched(ClaimTable table) =>
        $"UPDATE {table.Name} SET dispatched_by = @worker, dispatched_at = @at WHERE {table.OwnerColumn} = @owner AND seq = @seq AND status = 'ready'";
}
