using Orchestrator.Domain.Rules;
using static Orchestrator.Domain.Tests.Rules.RuleClusters;

namespace Orchestrator.Domain.Tests.Rules;

public class FailoverTargetChooserCascadingTests
{
    private static readonly Dictionary<string, int> Priorities = new() { ["node1"] = 1, ["node2"] = 10, ["node3"] = 20 };

    /// <summary>Every failed node of the 3-node cascading cluster with every combination of the nodes being up or down.</summary>
    [Theory]
    [InlineData("node1", false, false, false, null)]
    [InlineData("node1", false, false, true, "node3")]
    [InlineData("node1", false, true, false, "node2")]
    [InlineData("node1", false, true, true, "node2")]
    [InlineData("node1", true, false, false, null)]
    [InlineData("node1", true, false, true, "node3")]
    [InlineData("node1", true, true, false, "node2")]
    [InlineData("node1", true, true, true, "node2")]
    [InlineData("node2", false, false, false, null)]
    [InlineData("node2", false, false, true, "node3")]
    [InlineData("node2", false, true, false, null)]
    [InlineData("node2", false, true, true, "node3")]
    [InlineData("node2", true, false, false, "node1")]
    [InlineData("node2", true, false, true, "node1")]
    [InlineData("node2", true, true, false, "node1")]
    [InlineData("node2", true, true, true, "node1")]
    [InlineData("node3", false, false, false, null)]
    [InlineData("node3", false, false, true, null)]
    [InlineData("node3", false, true, false, "node2")]
    [InlineData("node3", false, true, true, "node2")]
    [InlineData("node3", true, false, false, "node1")]
    [InlineData("node3", true, false, true, "node1")]
    [InlineData("node3", true, true, false, "node1")]
    [InlineData("node3", true, true, true, "node1")]
    public void Choose_PicksTheBestPriorityLiveNodeOtherThanTheFailedOne_ForEveryUpDownCombination(
        string failed, bool node1Up, bool node2Up, bool node3Up, string? expected)
    {
        var up = new[] { ("node1", node1Up), ("node2", node2Up), ("node3", node3Up) }.Where(n => n.Item2).Select(n => n.Item1);

        var decision = FailoverTargetChooser.Choose(Situation(Cascading3(), failed, up));

        Assert.StartsWith($"{failed} failed; ", decision.Reason);
        if (expected is null)
        {
            Assert.Equal(FailoverDecisionKind.Refused, decision.Kind);
            Assert.Null(decision.Node);
            foreach (var other in Priorities.Keys.Where(n => n != failed))
                Assert.Contains($"{other} (priority {Priorities[other]}) is down", decision.Reason);
            return;
        }
        Assert.Equal(FailoverDecisionKind.Chosen, decision.Kind);
        Assert.Equal((expected, Priorities[expected]), (decision.Node, decision.Priority));
        Assert.Contains($"chose {expected} (priority {Priorities[expected]})", decision.Reason);
        foreach (var skipped in Priorities.Keys.Where(n => n != failed && Priorities[n] < Priorities[expected]))
            Assert.Contains($"{skipped} (priority {Priorities[skipped]}) is down", decision.Reason);
        foreach (var later in Priorities.Keys.Where(n => n != failed && Priorities[n] > Priorities[expected]))
            Assert.DoesNotContain(later, decision.Reason);
    }

    [Fact]
    public void Choose_ExplainsASkippedNodeWithItsPriority_InTheReason()
    {
        var decision = FailoverTargetChooser.Choose(Situation(Cascading3(), "node1", Up("node3")));

        Assert.Equal("node1 failed; chose node3 (priority 20) because node2 (priority 10) is down", decision.Reason);
    }

    [Fact]
    public void Choose_SaysTheChosenNodeIsTheBestLiveOne_WhenNothingWasSkipped()
    {
        var decision = FailoverTargetChooser.Choose(Situation(Cascading3(), "node1", Up("node2", "node3")));

        Assert.Equal("node1 failed; chose node2 (priority 10), the best-priority node of exch1 that is up", decision.Reason);
    }

    [Fact]
    public void Choose_Cascades_WhenTheFirstBackupFailsToo()
    {
        var first = FailoverTargetChooser.Choose(Situation(Cascading3(), "node1", Up("node2", "node3")));
        var second = FailoverTargetChooser.Choose(Situation(Cascading3(), first.Node!, Up("node3")));

        Assert.Equal("node2", first.Node);
        Assert.Equal("node3", second.Node);
        Assert.Contains("node1 (priority 1) is down", second.Reason);
    }

    [Fact]
    public void Choose_NeverChoosesTheFailedNode_EvenWhenItIsStillReportedUp()
    {
        var decision = FailoverTargetChooser.Choose(Situation(Cascading3(), "node1", Up("node1", "node3")));

        Assert.Equal("node3", decision.Node);
    }

    [Fact]
    public void Choose_RefusesWithANamedOperatorNeed_WhenEveryOtherNodeIsDown()
    {
        var decision = FailoverTargetChooser.Choose(Situation(Cascading3(), "node1", Up()));

        Assert.Equal(FailoverDecisionKind.Refused, decision.Kind);
        Assert.Equal("node1 failed; no node can take exch1: node2 (priority 10) is down and node3 (priority 20) is down; an operator is needed", decision.Reason);
    }

    [Fact]
    public void Choose_ComparesNodeNamesCaseInsensitively()
    {
        var decision = FailoverTargetChooser.Choose(Situation(Cascading3(), "NODE1", ["Node2"]));

        Assert.Equal(("node2", 10), (decision.Node, decision.Priority));
    }

    [Fact]
    public void Choose_OrdersCandidatesByPriorityNumber_NotByNameOrTheOrderTheyAreWritten()
    {
        var c = Cascading3();
        c = c with { Hierarchies = [Hierarchy("exch1", ("node2", 30), ("node3", 5), ("node1", 1))] };

        var decision = FailoverTargetChooser.Choose(Situation(c, "node1", Up("node2", "node3")));

        Assert.Equal(("node3", 5), (decision.Node, decision.Priority));
    }

    [Fact]
    public void Choose_RefusesAFailedNodeThatIsNotPartOfTheHierarchy()
    {
        var decision = FailoverTargetChooser.Choose(Situation(Cascading3(), "node9", Up("node2")));

        Assert.Equal(FailoverDecisionKind.Refused, decision.Kind);
        Assert.Contains("node9 failed, but it is not a node of exch1 (its nodes: node1, node2, node3)", decision.Reason);
    }

    [Fact]
    public void Choose_RefusesAHierarchyWithoutABackupNode()
    {
        var c = Cascading3() with { Hierarchies = [Hierarchy("exch1", ("node1", 1))] };

        var decision = FailoverTargetChooser.Choose(Situation(c, "node1", Up("node2", "node3")));

        Assert.Equal(FailoverDecisionKind.Refused, decision.Kind);
        Assert.Contains("exch1 has no other node to fail over to", decision.Reason);
    }

    [Fact]
    public void Choose_RefusesAMonitorDetectedFailure_WhenAutomaticFailoverIsDisabled_NamingTheBestTarget()
    {
        var decision = FailoverTargetChooser.Choose(Situation(Cascading3(automaticFailover: false), "node1", Up("node3")));

        Assert.Equal(FailoverDecisionKind.Refused, decision.Kind);
        Assert.Null(decision.Node);
        Assert.Contains("the best target is node3 (priority 20) because node2 (priority 10) is down", decision.Reason);
        Assert.Contains("automatic failover is disabled (S19), so exch1 waits for an operator", decision.Reason);
    }

    [Fact]
    public void Choose_ChoosesForAnOperatorRequest_EvenWhenAutomaticFailoverIsDisabled()
    {
        var decision = FailoverTargetChooser.Choose(Situation(Cascading3(automaticFailover: false), "node1", Up("node2"), byOperator: true));

        Assert.Equal(("node2", 10), (decision.Node, decision.Priority));
        Assert.DoesNotContain("disabled", decision.Reason);
    }

    [Fact]
    public void Choose_MentionsAutomaticFailoverIsDisabled_WhenNoNodeCouldTakeItAnyway()
    {
        var decision = FailoverTargetChooser.Choose(Situation(Cascading3(automaticFailover: false), "node1", Up()));

        Assert.Equal(FailoverDecisionKind.Refused, decision.Kind);
        Assert.Contains("node2 (priority 10) is down", decision.Reason);
        Assert.Contains("automatic failover is disabled (S19)", decision.Reason);
    }
}
