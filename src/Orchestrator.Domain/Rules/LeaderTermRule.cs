namespace Orchestrator.Domain.Rules;

/// <summary>
/// Issue 13: who leads the single-instance roles (health monitor, sweeper, replica scheduling). A term is held by one
/// runner until it expires (its holder renews it every lease/3); an expired term is free. Every acquisition that is not a
/// renewal of a live term by its own holder starts a new epoch, and a decision is admitted only under the stored epoch of
/// a live term — so a leader that was paused, partitioned or replaced can never act on a stale term. Expiry is the same
/// predicate as a claim's (<see cref="ClaimLeaseRule"/>). Pure.
/// </summary>
public static class LeaderTermRule
{
    /// <summary>The runner that holds the term at <paramref name="now"/>, or null: no term stored, or it expired (free).</summary>
    public static string? HolderAt(LeaderTermState? term, DateTimeOffset now) =>
        term is not null && !ClaimLeaseRule.HasExpired(term.ExpiresAt, now) ? term.Holder : null;

    /// <summary>
    /// The epoch <paramref name="candidate"/> holds after asking for the term at <paramref name="now"/>, or null when another
    /// runner's live term refuses it: its own live term is renewed (same epoch); a free term is acquired with the next
    /// epoch (1 for the first). <paramref name="guarded"/>: the candidate holds an exclusive guard that only one live runner
    /// can hold (the data directory's runner lock, an advisory lock), which proves the stored holder dead — it takes the
    /// term over at once, with the next epoch, instead of waiting for the expiry.
    /// </summary>
    public static long? EpochFor(LeaderTermState? term, string candidate, DateTimeOffset now, bool guarded)
    {
        if (term is null)
        {
            return 1;
        }

        var holder = HolderAt(term, now);
        if (holder is null)
        {
            return term.Epoch + 1;
        }

        if (string.Equals(holder, candidate, StringComparison.Ordinal))
        {
            return term.Epoch;
        }

        return guarded ? term.Epoch + 1 : null;
    }

    /// <summary>
    /// The epoch <paramref name="candidate"/> holds after asking at <paramref name="now"/> (database time) on a store whose guard
    /// is a session lock (PostgreSQL's advisory lock), or null. The lock decides who may ask; the term row decides when:
    /// without the lock nothing is acquired or renewed; with it, a term of another runner is taken only once it expired or
    /// was released (the lock proves that runner's session gone, not that the runner stopped acting: its live term is
    /// its window to notice and step down), with the next epoch. The candidate's own live term is renewed (same epoch) only
    /// when the lock was held without a break since that term was acquired (<paramref name="heldSinceTerm"/>); after a lost
    /// session it starts the next epoch, so no decision of the interrupted term is admitted under the new one.
    /// </summary>
    public static long? GuardedEpochFor(LeaderTermState? term, string candidate, DateTimeOffset now, bool holdsLock, bool heldSinceTerm)
    {
        if (!holdsLock)
        {
            return null;
        }

        var epoch = EpochFor(term, candidate, now, guarded: false);
        return epoch is { } e && term is not null && e == term.Epoch && !heldSinceTerm ? e + 1 : epoch;
    }

    /// <summary>Whether a decision made under <paramref name="epoch"/> may be written at <paramref name="now"/>: the stored term is that epoch and live.</summary>
    public static bool Admits(LeaderTermState? term, long epoch, DateTimeOffset now) =>
        term is not null && term.Epoch == epoch && HolderAt(term, now) is not null;
}
