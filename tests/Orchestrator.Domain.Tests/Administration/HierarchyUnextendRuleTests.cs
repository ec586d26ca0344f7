using Orchestrator.Domain.Administration;
using static Orchestrator.Domain.Tests.Administration.AdminClusters;
using static Orchestrator.Domain.Tests.Rules.RuleClusters;

namespace Orchestrator.Domain.Tests.Administration;

public class HierarchyUnextendRuleTests
{
    [Fact]
    public void Unextend_IsRefused_FromTheNodeItIsInServiceOn()
    {
        var verdict = HierarchyUnextendRule.Check(Two().Exch1(), "node2", InServiceOn("node2"));

        var refusal = Assert.Single(verdict.Refusals);
        Assert.Equal("node node2 of hierarchy exch1", refusal.Subject);
        Assert.Contains("hierarchy exch1 is in service on node2", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("`orchestrator switchover exch1 --to node1`", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unextend_IsRefused_FromThePrimary_WhileInServiceOnABackup()
    {
        var verdict = HierarchyUnextendRule.Check(Two().Exch1(), "node1", InServiceOn("node2"));

        var refusal = Assert.Single(verdict.Refusals);
        Assert.Equal("hierarchy exch1 is in service on node2, a backup, and node1 is its primary; move it back with `orchestrator switchover exch1 --to node1` first", refusal.Message);
        Assert.False(verdict.Allows(force: true));
    }

    [Fact]
    public void Unextend_OfThePrimary_NeedsForce_WhenInServiceNowhere()
    {
        var verdict = HierarchyUnextendRule.Check(Two().Exch1(), "node1", RunningState.Nothing);

        Assert.True(verdict.NeedsForce);
        Assert.Contains("node1 is the primary (priority 1) of hierarchy exch1", Assert.Single(verdict.Warnings).Message, StringComparison.Ordinal);
        Assert.False(verdict.Allows(force: false));
        Assert.True(verdict.Allows(force: true));
    }

    [Fact]
    public void Unextend_OfABackup_IsAllowed_WhileInServiceOnThePrimary() =>
        Assert.True(HierarchyUnextendRule.Check(Two().Exch1(), "node2", InServiceOn("node1")).IsAllowed);

    [Fact]
    public void Unextend_IsRefused_FromANodeNotInTheHierarchy()
    {
        var verdict = HierarchyUnextendRule.Check(Two().Exch1(), "node3", RunningState.Nothing);

        Assert.Contains("hierarchy exch1 is not extended to node3", Assert.Single(verdict.Refusals).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unextend_IsRefused_FromTheOnlyNode_NamingDelete()
    {
        var verdict = HierarchyUnextendRule.Check(Hierarchy("exch9", ("node1", 1)), "node1", RunningState.Nothing);

        Assert.Contains("`orchestrator hierarchy delete exch9`", Assert.Single(verdict.Refusals).Message, StringComparison.Ordinal);
    }
}
