using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Cluster;

namespace Orchestrator.Domain.Tests.Administration;

public class ResourceTreeTests
{
    private static readonly SourceLocation At = SourceLocation.Unknown;

    /// <summary>EXCH1 with volumes E, F, G, the address 10.0.0.100 and the record mail.example.com; node1 primary.</summary>
    private static readonly HierarchyDefinition Exch1 = new(
        "exch1", HierarchyDefinition.ActiveStandby,
        new ApplicationResource("EXCH1", [new ProtectedService("MSExchangeIS", null, At)], [], At),
        [new VolumeResource("E", "database", At), new VolumeResource("F", "logs", At), new VolumeResource("G", "smtp-queue", At)],
        new SwitchableAddress("10.0.0.100", At), [new DnsRecord("A", "mail.example.com", At)], [new NodePriority("node1", 1, At)], At);

    [Fact]
    public void WithoutExplicitDependencies_TheApplicationIsOverEveryOtherResource()
    {
        var tree = ResourceTree.Of(Exch1);

        Assert.Equal(["EXCH1", "E", "F", "G", "10.0.0.100", "mail.example.com"], tree.Resources);
        Assert.Equal(["E", "F", "G", "10.0.0.100", "mail.example.com"], tree.ChildrenOf("exch1"));
        Assert.True(DependencyRule.Complete(tree).IsAllowed);
    }

    [Fact]
    public void ExplicitDependencies_AreTheWholeTree()
    {
        var tree = ResourceTree.Of(Exch1 with { Dependencies = [new("EXCH1", "E"), new("E", "F"), new("F", "G"), new("EXCH1", "10.0.0.100"), new("10.0.0.100", "mail.example.com")] });

        Assert.Equal(["E", "10.0.0.100"], tree.ChildrenOf("EXCH1"));
        Assert.True(tree.IsUnder("g", "E"));
        Assert.False(tree.IsUnder("E", "G"));
        Assert.True(DependencyRule.Complete(tree).IsAllowed);
    }

    [Fact]
    public void ChildrenFirst_PutsAVolumeAfterTheVolumesUnderIt_AndKeepsTheOrderOtherwise()
    {
        var chained = ResourceTree.Of(Exch1 with { Dependencies = [new("EXCH1", "E"), new("E", "F"), new("EXCH1", "G"), new("G", "F"), new("EXCH1", "10.0.0.100"), new("EXCH1", "mail.example.com")] });

        Assert.Equal(["F", "E", "G"], chained.ChildrenFirst(["E", "F", "G"]));
        Assert.Equal(["E", "F", "G"], ResourceTree.Of(Exch1).ChildrenFirst(["E", "F", "G"]));
    }

    [Fact]
    public void AnOrphan_AndAnApplicationUnderAParent_AreRefused_NamingThem()
    {
        var tree = ResourceTree.Of(Exch1 with { Dependencies = [new("E", "EXCH1"), new("E", "F"), new("E", "G"), new("E", "10.0.0.100"), new("E", "mail.example.com")] });

        var refusals = DependencyRule.Complete(tree).Refusals.Select(r => r.Message).ToList();

        Assert.Equal(2, refusals.Count);
        Assert.StartsWith("EXCH1 is the application resource on top of hierarchy exch1 and cannot depend on a parent (E)", refusals[0], StringComparison.Ordinal);
        Assert.StartsWith("E has no parent, an orphan outside hierarchy exch1; add a dependency on it (`orchestrator dependency add PARENT E`)", refusals[1], StringComparison.Ordinal);
    }
}
