using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Engine.Execution;
using Orchestrator.Storage.Claims;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>
/// Issue 13, partition of a runner from the database: a worker whose renewals do not get through (they hang on a silent
/// network, or fail) must count its lease as lost once the lease has run out since the last renewal that did — by then
/// another runner may have taken the work over — and not go on acting as if it still held it.
/// </summary>
public sealed class ClaimHeartbeatTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);
    private static readonly StepClaim Claim = new(7, 2, 1);

    [Fact]
    public async Task ALeaseWhoseRenewalHangs_IsLostALeaseAfterThatRenewalStarted_NotBefore()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var store = new ScriptedClaimStore((_, token) => HangAsync(token));
        await using var heartbeat = ClaimHeartbeat.Start(store, Claim, Lease, clock, NullLogger.Instance);

        await AdvanceAsync(clock, TimeSpan.FromSeconds(1), store, 1); // first beat: the renewal starts and hangs
        await AdvanceAsync(clock, TimeSpan.FromSeconds(1), store, 1);
        await AdvanceAsync(clock, TimeSpan.FromSeconds(1), store, 1); // 3 s: the lease ran out, but the renewal of 1 s may still answer
        await AdvanceAsync(clock, TimeSpan.FromMilliseconds(900), store, 1);
        Assert.False(heartbeat.Lost, "lost before a lease had passed since the renewal under way started");

        await AdvanceAsync(clock, TimeSpan.FromMilliseconds(100), store, 1); // 4 s: a lease after that renewal started, still no answer
        Assert.True(heartbeat.Lost, "no renewal got through for a lease after the last one started, and the heartbeat still counts it held");
        Assert.True(heartbeat.LeaseLost.IsCancellationRequested);
        Assert.True(heartbeat.Expired);
        Assert.Equal(1, store.Calls);
    }

    [Fact]
    public async Task ALeaseWhoseRenewalsFail_IsLostWhenItRunsOut()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var store = new ScriptedClaimStore((_, _) => Task.FromException<bool>(new TimeoutException("database unavailable")));
        await using var heartbeat = ClaimHeartbeat.Start(store, Claim, Lease, clock, NullLogger.Instance);

        await AdvanceAsync(clock, TimeSpan.FromSeconds(1), store, 1);
        await AdvanceAsync(clock, TimeSpan.FromSeconds(1), store, 2);
        Assert.False(heartbeat.Lost);

        await AdvanceAsync(clock, TimeSpan.FromSeconds(1), store, 2);
        Assert.True(heartbeat.Lost, "three failed beats: the lease ran out, and the heartbeat still counts it held");
        Assert.True(heartbeat.Expired);
    }

    [Fact]
    public async Task AMissedBeat_FollowedByARenewal_KeepsTheLease_CountedFromThatRenewal()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var store = new ScriptedClaimStore((call, _) => call == 1 ? Task.FromException<bool>(new TimeoutException("busy")) : Task.FromResult(true));
        await using var heartbeat = ClaimHeartbeat.Start(store, Claim, Lease, clock, NullLogger.Instance);

        await AdvanceAsync(clock, TimeSpan.FromSeconds(1), store, 1); // fails
        await AdvanceAsync(clock, TimeSpan.FromSeconds(1), store, 2); // renewed at 2 s: held until 5 s
        for (var beat = 3; beat <= 11; beat++)
        {
            await AdvanceAsync(clock, TimeSpan.FromSeconds(1), store, beat);
        }

        Assert.False(heartbeat.Lost);
        Assert.Equal(11, store.Calls);
    }

    [Fact]
    public async Task ASlowRenewalThatAnswersAfterTheLeaseRanOut_KeepsTheClaim_ItNamesTheToken()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var store = new ScriptedClaimStore((call, _) => call == 1 ? answer.Task : Task.FromResult(true));
        await using var heartbeat = ClaimHeartbeat.Start(store, Claim, Lease, clock, NullLogger.Instance);

        await AdvanceAsync(clock, TimeSpan.FromSeconds(1), store, 1); // the renewal of 1 s is slow
        await AdvanceAsync(clock, TimeSpan.FromSeconds(1), store, 1);
        await AdvanceAsync(clock, TimeSpan.FromSeconds(1), store, 1); // 3 s: past the first lease, the renewal still under way
        await AdvanceAsync(clock, TimeSpan.FromMilliseconds(500), store, 1);
        answer.SetResult(true); // it got through: the claim is still this worker's, held until 1 s + 3 s
        await Task.Delay(100);
        await AdvanceAsync(clock, TimeSpan.FromMilliseconds(500), store, 2); // 4 s: renewed again
        await AdvanceAsync(clock, TimeSpan.FromSeconds(1), store, 3);

        Assert.False(heartbeat.Lost, "a renewal that answered late lost a claim it had renewed");
    }

    [Fact]
    public async Task ARenewalThatFindsTheClaimTakenOver_LosesTheLease_NotExpired()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var store = new ScriptedClaimStore((_, _) => Task.FromResult(false));
        await using var heartbeat = ClaimHeartbeat.Start(store, Claim, Lease, clock, NullLogger.Instance);

        await AdvanceAsync(clock, TimeSpan.FromSeconds(1), store, 1);
        await WaitUntilAsync(() => heartbeat.Lost);
        Assert.False(heartbeat.Expired);
    }

    /// <summary>
    /// Advances the clock (a beat starts a renewal on the pool), waits until the store has seen <paramref name="calls"/>
    /// renewals, and lets the last one settle before the next beat.
    /// </summary>
    private static async Task AdvanceAsync(FakeTimeProvider clock, TimeSpan by, ScriptedClaimStore store, int calls)
    {
        clock.Advance(by);
        await WaitUntilAsync(() => store.Calls == calls);
        await Task.Delay(100);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(20);
        }

        Assert.True(condition());
    }

    /// <summary>A renewal on a silent network: it never answers, until the heartbeat gives up on it.</summary>
    private static async Task<bool> HangAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>A claim store whose renewals answer as scripted by the call's number (1-based).</summary>
    private sealed class ScriptedClaimStore(Func<int, CancellationToken, Task<bool>> renew) : IWorkClaimStore
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<bool> RenewClaimAsync(WorkClaim claim, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
            renew(Interlocked.Increment(ref _calls), cancellationToken);
    }
}
