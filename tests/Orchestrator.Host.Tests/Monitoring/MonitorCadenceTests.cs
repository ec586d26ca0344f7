using Microsoft.Extensions.Time.Testing;
using Orchestrator.Host.Monitoring;

namespace Orchestrator.Host.Tests.Monitoring;

public sealed class MonitorCadenceTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task TheFirstRound_WaitsOneInterval()
    {
        var time = new FakeTimeProvider();
        var cadence = new MonitorCadence(time);

        var first = cadence.WaitForRoundAsync(Interval, CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(first.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await first.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ARoundShorterThanTheInterval_TheNextStartsOneIntervalAfterItsStart_NotAfterItsEnd()
    {
        var time = new FakeTimeProvider();
        var cadence = new MonitorCadence(time);
        var first = cadence.WaitForRoundAsync(Interval, CancellationToken.None);
        time.Advance(Interval);
        await first.WaitAsync(TimeSpan.FromSeconds(5));

        time.Advance(TimeSpan.FromMilliseconds(300)); // the round's work
        var next = cadence.WaitForRoundAsync(Interval, CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(699));
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await next.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ARoundLongerThanTheInterval_TheNextStartsAtOnce()
    {
        var time = new FakeTimeProvider();
        var cadence = new MonitorCadence(time);
        var first = cadence.WaitForRoundAsync(Interval, CancellationToken.None);
        time.Advance(Interval);
        await first.WaitAsync(TimeSpan.FromSeconds(5));

        time.Advance(TimeSpan.FromSeconds(2)); // a round that waited out a dead node's health timeout
        var next = cadence.WaitForRoundAsync(Interval, CancellationToken.None);
        Assert.True(next.IsCompleted, "the next round should start at once");
        await next;
    }
}
