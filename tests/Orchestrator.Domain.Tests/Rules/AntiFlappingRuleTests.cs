using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Tests.Rules;

public class AntiFlappingRuleTests
{
    private static readonly DateTimeOffset Failed = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

    private static NodeFailure Node1Failed(DateTimeOffset? acknowledged = null) => new("node1", Failed, 4, acknowledged);

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(3599, true)]
    [InlineData(3600, false)]
    [InlineData(7200, false)]
    public void AMoveBackOntoTheFailedNode_IsBlockedWithinTheBlockPeriod_AndNotAfterIt(int secondsLater, bool blocked)
    {
        var failure = AntiFlappingRule.BlockingFailure("node1", [Node1Failed()], Failed.AddSeconds(secondsLater), OneHour);

        Assert.Equal(blocked, failure is not null);
    }

    [Fact]
    public void ANodeThatDidNotFail_IsNeverBlocked_SoACascadeGoesOn()
    {
        Assert.Null(AntiFlappingRule.BlockingFailure("node3", [Node1Failed(), new NodeFailure("node2", Failed.AddMinutes(1), 5)], Failed.AddMinutes(2), OneHour));
    }

    [Theory]
    [InlineData(-60, true)]
    [InlineData(0, true)]
    [InlineData(60, false)]
    public void AnAcknowledgementAfterTheFailure_LiftsTheBlock_AnEarlierOneDoesNot(int ackSeconds, bool blocked)
    {
        var failure = AntiFlappingRule.BlockingFailure("node1", [Node1Failed(Failed.AddSeconds(ackSeconds))], Failed.AddMinutes(2), OneHour);

        Assert.Equal(blocked, failure is not null);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void APeriodOfZeroOrLess_BlocksNothing(int seconds)
    {
        Assert.Null(AntiFlappingRule.BlockingFailure("node1", [Node1Failed()], Failed, TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void TheLatestFailureOfTheNode_IsTheOneThatBlocks()
    {
        var later = new NodeFailure("NODE1", Failed.AddMinutes(10), 7);

        Assert.Equal(7, AntiFlappingRule.BlockingFailure("node1", [Node1Failed(), later], Failed.AddMinutes(20), OneHour)!.FailoverId);
    }

    [Fact]
    public void TheReason_SaysWhichNode_WhenItFailed_WhichFailover_WhenTheBlockEnds_AndWhatLiftsIt()
    {
        Assert.Equal(
            "node1 failed at 2025-03-01 12:00:00Z (failover #4 of exch1); anti-flapping keeps automatic moves of exch1 off it until "
            + "2025-03-01 13:00:00Z (failover-block 1 h); `orchestrator procedures ack 4` lifts the block",
            AntiFlappingRule.Describe("exch1", Node1Failed(), OneHour));
    }
}
