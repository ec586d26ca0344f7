using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using static Orchestrator.Domain.Tests.Rules.RuleClusters;

namespace Orchestrator.Domain.Tests.Rules;

public class SwitchbackRuleTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    private static HierarchyDefinition Exch1 => Cascading3().Hierarchies[0];

    /// <summary>Every current node of the 3-node cascading cluster with every combination of the other nodes being up.</summary>
    [Theory]
    [InlineData("node1", false, false, null)]
    [InlineData("node1", true, false, null)]
    [InlineData("node1", false, true, null)]
    [InlineData("node1", true, true, null)]
    [InlineData("node2", false, false, null)]
    [InlineData("node2", true, false, "node1")]
    [InlineData("node2", false, true, null)]
    [InlineData("node2", true, true, "node1")]
    [InlineData("node3", false, false, null)]
    [InlineData("node3", true, false, "node1")]
    [InlineData("node3", false, true, "node2")]
    [InlineData("node3", true, true, "node1")]
    public void FailbackTarget_IsTheBestLiveNodeStrictlyBetterThanTheCurrentOne_NeverALowerOne(
        string current, bool firstOtherUp, bool secondOtherUp, string? expected)
    {
        var others = new[] { "node1", "node2", "node3" }.Where(n => n != current).ToArray();
        var up = Up([current, .. new[] { (others[0], firstOtherUp), (others[1], secondOtherUp) }.Where(o => o.Item2).Select(o => o.Item1)]);

        Assert.Equal(expected, SwitchbackRule.FailbackTarget(Cascading3(), Exch1, current, up));
    }

    [Fact]
    public void FailbackTarget_ComparesNodeNamesCaseInsensitively()
    {
        Assert.Equal("node1", SwitchbackRule.FailbackTarget(Cascading3(), Exch1, "NODE3", Up("Node1")));
    }

    [Fact]
    public void FailbackTarget_IgnoresAPriorityForANodeThatIsNotInTheCluster()
    {
        var h = Hierarchy("exch1", ("node9", 1), ("node1", 5), ("node2", 10));

        Assert.Equal("node1", SwitchbackRule.FailbackTarget(Cascading3(), h, "node2", Up("node9", "node1", "node2")));
    }

    [Theory]
    [InlineData(SwitchbackType.Intelligent, 3600, false)]
    [InlineData(SwitchbackType.Automatic, 299, false)]
    [InlineData(SwitchbackType.Automatic, 300, true)]
    [InlineData(SwitchbackType.Automatic, 3600, true)]
    [InlineData(SwitchbackType.Automatic, -10, false)]
    public void ShouldFailBackAutomatically_OnlyForAutomaticSwitchback_OnceHealthyForTheStabilisationTime(
        SwitchbackType type, int healthySeconds, bool expected)
    {
        Assert.Equal(expected, SwitchbackRule.ShouldFailBackAutomatically(type, Now.AddSeconds(-healthySeconds), Now, FiveMinutes));
    }

    [Theory]
    [InlineData(SwitchbackType.Intelligent)]
    [InlineData(SwitchbackType.Automatic)]
    public void ShouldFailBackAutomatically_IsFalse_WhileTheTargetIsNotHealthy(SwitchbackType type)
    {
        Assert.False(SwitchbackRule.ShouldFailBackAutomatically(type, null, Now, FiveMinutes));
    }

    [Fact]
    public void ShouldFailBackAutomatically_IsTrueAtOnce_WhenTheStabilisationTimeIsZero()
    {
        Assert.True(SwitchbackRule.ShouldFailBackAutomatically(SwitchbackType.Automatic, Now, Now, TimeSpan.Zero));
    }

    [Fact]
    public void ExplainRefusal_SaysTheHierarchyIsAlreadyOnItsBestNode()
    {
        var why = SwitchbackRule.ExplainRefusal(Cascading3(), Exch1, "node1", Up("node1", "node2", "node3"));

        Assert.StartsWith("exch1 is already on its best node node1", why);
    }

    [Fact]
    public void ExplainRefusal_NamesEveryBetterNodeThatIsDown_WithItsPriority()
    {
        var why = SwitchbackRule.ExplainRefusal(Cascading3(), Exch1, "node3", Up("node3"));

        Assert.Equal("exch1 stays on node3 (priority 20): node1 (priority 1) is down and node2 (priority 10) is down; "
            + "failback needs a higher-priority node that is up", why);
    }

    [Fact]
    public void ExplainRefusal_IsNull_WhenABetterNodeIsUp()
    {
        Assert.Null(SwitchbackRule.ExplainRefusal(Cascading3(), Exch1, "node3", Up("node2", "node3")));
    }

    [Fact]
    public void ExplainRefusal_RefusesARequestedLowerPriorityNode_SayingFailbackNeverMovesThere()
    {
        var why = SwitchbackRule.ExplainRefusal(Cascading3(), Exch1, "node2", Up("node1", "node2", "node3"), "node3");

        Assert.Equal("node3 has a lower priority (20) than the current node2 (10); failback never moves to a lower-priority node", why);
    }

    [Fact]
    public void ExplainRefusal_SaysARequestedBetterNodeIsDown()
    {
        var why = SwitchbackRule.ExplainRefusal(Cascading3(), Exch1, "node2", Up("node2"), "node1");

        Assert.Equal("node1 (priority 1) is down", why);
    }

    [Fact]
    public void ExplainRefusal_SaysTheHierarchyIsAlreadyOnTheRequestedNode()
    {
        var why = SwitchbackRule.ExplainRefusal(Cascading3(), Exch1, "node2", Up("node2"), "NODE2");

        Assert.Equal("exch1 is already on node2 (priority 10)", why);
    }

    [Fact]
    public void ExplainRefusal_RefusesARequestedNodeOutsideTheHierarchy()
    {
        var why = SwitchbackRule.ExplainRefusal(Cascading3(), Exch1, "node2", Up("node1", "node2"), "node9");

        Assert.Equal("node9 is not a node of exch1 (its nodes: node1, node2, node3)", why);
    }

    [Theory]
    [InlineData("node3", "node1")]
    [InlineData("node3", "node2")]
    [InlineData("node2", "node1")]
    public void ExplainRefusal_AllowsARequestedBetterNodeThatIsUp_EvenIfItIsNotTheBest(string current, string target)
    {
        Assert.Null(SwitchbackRule.ExplainRefusal(Cascading3(), Exch1, current, Up("node1", "node2", "node3"), target));
    }
}
