using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Tests.Rules;

public class AntiFlappingRuleTests
{
    private static readonly DateTimeOffset Failover = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(3599, true)]
    [InlineData(3600, false)]
    [InlineData(7200, false)]
    public void IsBlocked_WithinTheBlockPeriodAfterTheLastFailover_AndNotAfterIt(int secondsLater, bool blocked)
    {
        var result = AntiFlappingRule.IsBlocked(Failover, null, Failover.AddSeconds(secondsLater), OneHour);

        Assert.Equal(blocked, result.Blocked);
        Assert.Contains("the last failover was at 2025-03-01 12:00:00Z", result.Reason);
    }

    [Fact]
    public void IsBlocked_SaysHowLongAgoTheFailoverWas_AndWhenFailoverResumes()
    {
        var result = AntiFlappingRule.IsBlocked(Failover, null, Failover.AddMinutes(12), OneHour);

        Assert.Equal("blocked: the last failover was at 2025-03-01 12:00:00Z, 12 min ago, within the 1 h anti-flapping block period, "
            + "and has not been acknowledged; automatic failover resumes at 2025-03-01 13:00:00Z, or earlier once an operator acknowledges that failover",
            result.Reason);
    }

    [Fact]
    public void IsBlocked_SaysThePeriodHasPassed_WhenItHas()
    {
        var result = AntiFlappingRule.IsBlocked(Failover, null, Failover.AddMinutes(90), OneHour);

        Assert.Equal("not blocked: the last failover was at 2025-03-01 12:00:00Z, 1 h 30 min ago, longer than the 1 h anti-flapping block period", result.Reason);
    }

    [Fact]
    public void IsBlocked_IsFalse_WhenThereHasBeenNoFailover()
    {
        var result = AntiFlappingRule.IsBlocked(null, Failover, Failover, OneHour);

        Assert.False(result.Blocked);
        Assert.Contains("no failover", result.Reason);
    }

    [Fact]
    public void IsBlocked_IsFalse_WhenAnOperatorAcknowledgedAfterTheFailover()
    {
        var result = AntiFlappingRule.IsBlocked(Failover, Failover.AddMinutes(1), Failover.AddMinutes(2), OneHour);

        Assert.False(result.Blocked);
        Assert.Contains("an operator acknowledged it at 2025-03-01 12:01:00Z", result.Reason);
    }

    [Theory]
    [InlineData(-60)]
    [InlineData(0)]
    public void IsBlocked_IsTrue_WhenTheAcknowledgementIsNotAfterTheFailover(int ackSeconds)
    {
        var result = AntiFlappingRule.IsBlocked(Failover, Failover.AddSeconds(ackSeconds), Failover.AddMinutes(2), OneHour);

        Assert.True(result.Blocked);
        Assert.Contains("has not been acknowledged", result.Reason);
    }

    [Fact]
    public void IsBlocked_IsTrue_WhenTheClockIsBehindTheLastFailover()
    {
        var result = AntiFlappingRule.IsBlocked(Failover, null, Failover.AddSeconds(-30), OneHour);

        Assert.True(result.Blocked);
        Assert.Contains("30 s in the future", result.Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void IsBlocked_IsFalse_WhenTheBlockPeriodIsNotPositive(int seconds)
    {
        var result = AntiFlappingRule.IsBlocked(Failover, null, Failover, TimeSpan.FromSeconds(seconds));

        Assert.False(result.Blocked);
        Assert.Contains("disabled", result.Reason);
    }
}
