using Orchestrator.Domain.Administration;
using static Orchestrator.Domain.Tests.Administration.AdminClusters;

namespace Orchestrator.Domain.Tests.Administration;

public class HierarchyExtendRuleTests
{
    private static ExtendVerdict Extend(string target, int? priority = null, StoreNames? primary = null, StoreNames? backup = null)
    {
        var cluster = Two();
        var exch1 = cluster.Exch1() with { Priorities = [.. cluster.Exch1().Priorities.Where(p => p.Node == "node1")] };
        return HierarchyExtendRule.Check(new HierarchyExtension(cluster, exch1, target, priority, primary, backup));
    }

    [Fact]
    public void Extend_OverAPath_IsAllowed_AtTheDefaultPriority10()
    {
        var result = Extend("node3");

        Assert.True(result.Verdict.IsAllowed);
        Assert.Equal(10, result.Priority);
        Assert.Empty(result.Renames);
    }

    [Fact]
    public void Extend_IsRefused_WithoutACommunicationPath_NamingBothNodes()
    {
        var refusal = Assert.Single(Extend("node4").Verdict.Refusals);

        Assert.Equal("node node4 of hierarchy exch1", refusal.Subject);
        Assert.Contains("no communication path from node4 to node1 of hierarchy exch1", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    public void Extend_IsRefused_AtAPriorityOutside1To999(int priority) =>
        Assert.Contains($"priority {priority} for node3 is outside 1-999", Assert.Single(Extend("node3", priority).Verdict.Refusals).Message, StringComparison.Ordinal);

    [Fact]
    public void Extend_IsRefused_AtAUsedPriority_NamingItsNode()
    {
        var refusal = Assert.Single(Extend("node3", 1).Verdict.Refusals);

        Assert.StartsWith("priority 1 is already used by node1 in hierarchy exch1", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("(e.g. 10)", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extend_IsRefused_ToANodeOutsideTheCluster() =>
        Assert.Contains("node node9 is not a node of cluster two", Assert.Single(Extend("node9").Verdict.Refusals).Message, StringComparison.Ordinal);

    [Fact]
    public void Extend_IsRefused_ToANodeAlreadyInTheHierarchy()
    {
        var cluster = Two();
        var verdict = HierarchyExtendRule.Check(new HierarchyExtension(cluster, cluster.Exch1(), "node2", null)).Verdict;

        Assert.Contains("hierarchy exch1 is already extended to node2 (priority 10)", Assert.Single(verdict.Refusals).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extend_ListsTheRenamesTheBackupNeeds_InOrder()
    {
        var primary = new StoreNames(["SG1", "SG2"], ["Mailbox Store (EXCH1)"], ["Public Folder Store (EXCH1)"]);
        var backup = new StoreNames(["First Storage Group", "SG2"], ["Mailbox Store (NODE3)"], ["Public Folder Store (EXCH1)"]);

        var result = Extend("node3", 20, primary, backup);

        Assert.True(result.Verdict.IsAllowed);
        Assert.Equal(
            ["on node3, rename storage group 'First Storage Group' to 'SG1'", "on node3, rename mailbox store 'Mailbox Store (NODE3)' to 'Mailbox Store (EXCH1)'"],
            result.Renames.Select(r => r.ToString()));
    }

    [Fact]
    public void Extend_IsRefused_WhenThePrimaryHasAStoreTheBackupLacks()
    {
        var primary = new StoreNames(["SG1", "SG2"], [], []);
        var backup = new StoreNames(["SG1"], [], []);

        var refusal = Assert.Single(Extend("node3", 20, primary, backup).Verdict.Refusals);

        Assert.Contains("storage group 'SG2' of primary node1 has no counterpart on node3", refusal.Message, StringComparison.Ordinal);
    }
}
