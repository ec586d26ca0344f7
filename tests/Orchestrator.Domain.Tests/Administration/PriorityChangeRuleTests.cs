using Orchestrator.Domain.Administration;
using static Orchestrator.Domain.Tests.Rules.RuleClusters;

namespace Orchestrator.Domain.Tests.Administration;

public class PriorityChangeRuleTests
{
    private static readonly Orchestrator.Domain.Cluster.HierarchyDefinition Stored = Hierarchy("exch1", ("node1", 1), ("node2", 10));

    [Fact]
    public void SwappingThePrimarysAndABackupsPriorities_NeedsForce_NamingBothNodes()
    {
        var verdict = PriorityChangeRule.Check(Stored, Hierarchy("exch1", ("node1", 10), ("node2", 1)));

        Assert.True(verdict.NeedsForce);
        var warning = Assert.Single(verdict.Warnings);
        Assert.Equal("hierarchy exch1", warning.Subject);
        Assert.StartsWith("the priorities of hierarchy exch1 make node2 (priority 1) preferred over its primary node1 (priority 10)", warning.Message, StringComparison.Ordinal);
        Assert.True(verdict.Allows(force: true));
    }

    [Fact]
    public void ChangingABackupsPriority_KeepingThePrimaryFirst_IsAllowed() =>
        Assert.True(PriorityChangeRule.Check(Stored, Hierarchy("exch1", ("node1", 1), ("node2", 20))).IsAllowed);

    [Fact]
    public void APriorityUsedTwice_IsRefused_NamingBothNodes() =>
        Assert.StartsWith("priority 10 is used by node1 and node2 in hierarchy exch1",
            Assert.Single(PriorityChangeRule.Check(Stored, Hierarchy("exch1", ("node1", 10), ("node2", 10))).Refusals).Message, StringComparison.Ordinal);

    [Fact]
    public void APriorityOutside1To999_IsRefused_NamingTheNode() =>
        Assert.StartsWith("priority 1000 of node2 in hierarchy exch1 is outside 1-999",
            Assert.Single(PriorityChangeRule.Check(Stored, Hierarchy("exch1", ("node1", 1), ("node2", 1000))).Refusals).Message, StringComparison.Ordinal);
}
