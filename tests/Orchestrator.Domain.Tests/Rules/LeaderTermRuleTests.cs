using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Tests.Rules;

public class LeaderTermRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    private static LeaderTermState Held(string holder, long epoch, DateTimeOffset expiresAt) => new(holder, epoch, expiresAt);

    [Fact]
    public void HolderAt_IsTheHolder_WhileTheTermRuns_AndNobody_OnceItExpired()
    {
        var term = Held("a", 3, Now.AddSeconds(10));

        Assert.Equal("a", LeaderTermRule.HolderAt(term, Now));
        Assert.Equal("a", LeaderTermRule.HolderAt(term, Now.AddSeconds(10)));
        Assert.Null(LeaderTermRule.HolderAt(term, Now.AddSeconds(10.001)));
        Assert.Null(LeaderTermRule.HolderAt(null, Now));
    }

    [Fact]
    public void EpochFor_TheFirstCandidate_IsEpochOne()
    {
        Assert.Equal(1, LeaderTermRule.EpochFor(null, "a", Now, guarded: false));
    }

    [Fact]
    public void EpochFor_TheHolder_RenewsItsLiveTerm_KeepingTheEpoch()
    {
        Assert.Equal(3, LeaderTermRule.EpochFor(Held("a", 3, Now.AddSeconds(1)), "a", Now, guarded: false));
    }

    [Fact]
    public void EpochFor_AnotherCandidate_IsRefused_WhileTheTermRuns()
    {
        Assert.Null(LeaderTermRule.EpochFor(Held("a", 3, Now.AddSeconds(1)), "b", Now, guarded: false));
    }

    [Fact]
    public void EpochFor_AnAcquisitionAfterExpiry_BumpsTheEpoch_WhoeverAcquires()
    {
        var expired = Held("a", 3, Now.AddSeconds(-1));

        Assert.Equal(4, LeaderTermRule.EpochFor(expired, "b", Now, guarded: false));
        Assert.Equal(4, LeaderTermRule.EpochFor(expired, "a", Now, guarded: false)); // its own decisions in the gap are stale
    }

    [Fact]
    public void EpochFor_AGuardedCandidate_TakesOverALiveTermOfAnother_WithANewEpoch()
    {
        Assert.Equal(4, LeaderTermRule.EpochFor(Held("a", 3, Now.AddSeconds(20)), "b", Now, guarded: true));
        Assert.Equal(3, LeaderTermRule.EpochFor(Held("b", 3, Now.AddSeconds(20)), "b", Now, guarded: true));
    }

    [Fact]
    public void Admits_ADecisionOfTheStoredEpoch_WhileItsTermRuns_Only()
    {
        var term = Held("a", 3, Now.AddSeconds(5));

        Assert.True(LeaderTermRule.Admits(term, 3, Now));
        Assert.False(LeaderTermRule.Admits(term, 2, Now)); // a takeover since
        Assert.False(LeaderTermRule.Admits(term, 3, Now.AddSeconds(6))); // expired: nobody leads
        Assert.False(LeaderTermRule.Admits(null, 1, Now));
    }
    [Fact]
    public void GuardedEpochFor_WithoutTheLock_NothingIsAcquiredOrRenewed()
    {
        Assert.Null(LeaderTermRule.GuardedEpochFor(null, "a", Now, holdsLock: false, heldSinceTerm: false));
        Assert.Null(LeaderTermRule.GuardedEpochFor(Held("a", 3, Now.AddSeconds(1)), "a", Now, holdsLock: false, heldSinceTerm: true));
        Assert.Null(LeaderTermRule.GuardedEpochFor(Held("a", 3, Now.AddSeconds(-1)), "b", Now, holdsLock: false, heldSinceTerm: false));
    }

    [Fact]
    public void GuardedEpochFor_WithTheLock_AnotherRunnersLiveTerm_IsTakenOnlyOnceItExpired()
    {
        Assert.Null(LeaderTermRule.GuardedEpochFor(Held("a", 3, Now.AddSeconds(1)), "b", Now, holdsLock: true, heldSinceTerm: false));
        Assert.Equal(4, LeaderTermRule.GuardedEpochFor(Held("a", 3, Now.AddSeconds(-1)), "b", Now, holdsLock: true, heldSinceTerm: false));
        Assert.Equal(1, LeaderTermRule.GuardedEpochFor(null, "b", Now, holdsLock: true, heldSinceTerm: false));
    }

    [Fact]
    public void GuardedEpochFor_TheHolder_RenewsOnlyWhileItsLockWasNeverLost_ElseStartsTheNextEpoch()
    {
        Assert.Equal(3, LeaderTermRule.GuardedEpochFor(Held("a", 3, Now.AddSeconds(1)), "a", Now, holdsLock: true, heldSinceTerm: true));
        Assert.Equal(4, LeaderTermRule.GuardedEpochFor(Held("a", 3, Now.AddSeconds(1)), "a", Now, holdsLock: true, heldSinceTerm: false));
        Assert.Equal(4, LeaderTermRule.GuardedEpochFor(Held("a", 3, Now.AddSeconds(-1)), "a", Now, holdsLock: true, heldSinceTerm: true));
    }
}
