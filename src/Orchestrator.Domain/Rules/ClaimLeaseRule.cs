namespace Orchestrator.Domain.Rules;

/// <summary>
/// Issue 12: whether a claim's heartbeated lease has expired — its worker is gone, so the running work is no longer
/// running and the next claimer takes it over. The same predicate as the claim SQL's "claimable" (running and
/// <c>claim_expires_at &lt; now</c>); an unknown end is not expired. Pure.
/// </summary>
public static class ClaimLeaseRule
{
    /// <summary>True when the lease ending at <paramref name="expiresAt"/> (null: unknown) has expired at <paramref name="now"/>.</summary>
    public static bool HasExpired(DateTimeOffset? expiresAt, DateTimeOffset now) => expiresAt is { } end && end < now;
}
