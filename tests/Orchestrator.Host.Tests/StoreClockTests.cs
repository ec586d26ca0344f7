using Microsoft.Extensions.Time.Testing;
using Orchestrator.Host.Runtime;

namespace Orchestrator.Host.Tests;

/// <summary>Issue 13 point 1: a runner's "now" on a shared database is the database's, measured over one round trip.</summary>
public sealed class StoreClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AfterASync_NowIsTheDatabasesClock_NotTheRunners()
    {
        var local = new FakeTimeProvider(Start);
        var clock = new StoreClock(local);
        Assert.Equal(Start, clock.GetUtcNow()); // not measured yet: the local clock

        Assert.True(await clock.SyncAsync((_, _) => Task.FromResult(local.GetUtcNow() - TimeSpan.FromMinutes(10)), CancellationToken.None));
        local.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(Start + TimeSpan.FromSeconds(3) - TimeSpan.FromMinutes(10), clock.GetUtcNow());
        Assert.Equal(-TimeSpan.FromMinutes(10), clock.Offset);
    }

    [Fact]
    public async Task TheMeasurement_TakesTheMiddleOfTheRoundTrip()
    {
        var local = new FakeTimeProvider(Start);
        var clock = new StoreClock(local);

        // The database answers its now (Start + 1 min) after 400 ms of round trip: it read its clock about halfway.
        Assert.True(await clock.SyncAsync((_, _) =>
        {
            local.Advance(TimeSpan.FromMilliseconds(400));
            return Task.FromResult(Start + TimeSpan.FromMinutes(1));
        }, CancellationToken.None));

        Assert.Equal(TimeSpan.FromMinutes(1) - TimeSpan.FromMilliseconds(200), clock.Offset);
    }

    [Fact]
    public async Task ASlowRoundTrip_IsNotUsed_AndKeepsTheLastOffset()
    {
        var local = new FakeTimeProvider(Start);
        var clock = new StoreClock(local);
        await clock.SyncAsync((_, _) => Task.FromResult(local.GetUtcNow() + TimeSpan.FromMinutes(5)), CancellationToken.None);

        var used = await clock.SyncAsync((_, _) =>
        {
            local.Advance(StoreClock.MaxRoundTrip + TimeSpan.FromMilliseconds(1));
            return Task.FromResult(local.GetUtcNow() + TimeSpan.FromHours(3));
        }, CancellationToken.None);

        Assert.False(used);
        Assert.Equal(TimeSpan.FromMinutes(5), clock.Offset);
    }

    [Fact]
    public async Task ASmallerOffset_HoldsTheClockStill_ItNeverGoesBackwards()
    {
        var local = new FakeTimeProvider(Start);
        var clock = new StoreClock(local);
        await clock.SyncAsync((_, _) => Task.FromResult(local.GetUtcNow() + TimeSpan.FromSeconds(2)), CancellationToken.None);
        var before = clock.GetUtcNow();

        await clock.SyncAsync((_, _) => Task.FromResult(local.GetUtcNow()), CancellationToken.None); // the offset shrinks by 2 s
        Assert.Equal(before, clock.GetUtcNow());
        local.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(before, clock.GetUtcNow());
        local.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(Start + TimeSpan.FromSeconds(3), clock.GetUtcNow());
    }

    [Fact]
    public async Task TimersAndTimestamps_AreTheLocalClocks()
    {
        var local = new FakeTimeProvider(Start);
        var clock = new StoreClock(local);
        await clock.SyncAsync((_, _) => Task.FromResult(local.GetUtcNow() + TimeSpan.FromHours(1)), CancellationToken.None);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        var started = clock.GetTimestamp();

        local.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(1, fired);
        Assert.Equal(TimeSpan.FromSeconds(5), clock.GetElapsedTime(started));
    }
}
