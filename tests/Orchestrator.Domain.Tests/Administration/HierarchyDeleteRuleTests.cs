using Orchestrator.Domain.Administration;
using static Orchestrator.Domain.Tests.Administration.AdminClusters;

namespace Orchestrator.Domain.Tests.Administration;

public class HierarchyDeleteRuleTests
{
    [Fact]
    public void Delete_IsRefused_WhileInServiceOnABackup_NamingTheSwitchoverBack()
    {
        var verdict = HierarchyDeleteRule.Check(Two().Exch1(), InServiceOn("node2"));

        Assert.True(verdict.IsRefused);
        var refusal = Assert.Single(verdict.Refusals);
        Assert.Equal("hierarchy exch1", refusal.Subject);
        Assert.Equal("hierarchy exch1 is in service on node2, a backup: move it back with `orchestrator switchover exch1 --to node1` first, then delete it", refusal.Message);
    }

    [Fact]
    public void Delete_IsAllowed_WhileInServiceOnThePrimary() =>
        Assert.True(HierarchyDeleteRule.Check(Two().Exch1(), InServiceOn("NODE1")).IsAllowed);

    [Fact]
    public void Delete_IsAllowed_WhenInServiceNowhere() =>
        Assert.True(HierarchyDeleteRule.Check(Two().Exch1(), RunningState.Nothing).IsAllowed);
}
