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
    public async Task ALeaseWhoseRenewalsHang_IsLostWhenItRunsOut_NotBefore_EvenWhileTheRenewalStillHangs()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var store = new ScriptedClaimStore((_, token) => HangAsync(token));
        await using var heartbeat = ClaimHeartbeat.Start(store, Claim, Lease, clock, NullLogger.Instance);

        await AdvanceAsync(clock, TimeSpan.FromSeconds(1), store, 1); // first beat: the renewal starts and hangs
        await AdvanceAsync(clock, TimeSpan.FromSeconds(1), store, 1);
        await AdvanceAsync(clock, TimeSpan.FromMilliseconds(900), store, 1);
        Assert.False(heartbeat.Lost, "lost before the lease ran out");

        await AdvanceAsync(clock, TimeSpan.FromMilliseconds(100), store, 1); // the beat at 3 s: no renewal got through for a whole lease
        Assert.True(heartbeat.Lost, "the lease ran out with no renewal through, and the heartbeat still counts it held");
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
