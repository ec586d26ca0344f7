using Orchestrator.Domain.Administration;

namespace Orchestrator.Domain.Tests.Administration;

public class DependencyRuleTests
{
    /// <summary>EXCH1 over volE and ip; ip over dnsA.</summary>
    private static readonly ResourceTree Tree = new(
        "exch1", "EXCH1", ["EXCH1", "volE", "ip", "dnsA"],
        [new("EXCH1", "volE"), new("EXCH1", "ip"), new("ip", "dnsA")]);

    [Fact]
    public void AddingADependencyThatClosesACycle_IsRefused_NamingThePath()
    {
        var refusal = Assert.Single(DependencyRule.Add(Tree, "dnsA", "EXCH1").Refusals);

        Assert.Equal("dependency dnsA -> EXCH1 of hierarchy exch1", refusal.Subject);
        Assert.StartsWith("dnsA under EXCH1 would make a cycle in hierarchy exch1 (EXCH1 -> ip -> dnsA -> EXCH1)", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AResourceDependingOnItself_IsRefused() =>
        Assert.StartsWith("resource volE cannot depend on itself", Assert.Single(DependencyRule.Add(Tree, "volE", "volE").Refusals).Message, StringComparison.Ordinal);

    [Fact]
    public void AddingAnExistingDependency_IsRefused() =>
        Assert.StartsWith("ip already depends on dnsA", Assert.Single(DependencyRule.Add(Tree, "ip", "dnsA").Refusals).Message, StringComparison.Ordinal);

    [Fact]
    public void AnUnknownResource_IsRefused_NamingIt() =>
        Assert.StartsWith("resource volX is not in hierarchy exch1", Assert.Single(DependencyRule.Add(Tree, "EXCH1", "volX").Refusals).Message, StringComparison.Ordinal);

    [Fact]
    public void AddingASecondParent_IsAllowed() =>
        Assert.True(DependencyRule.Add(Tree, "volE", "dnsA").IsAllowed);

    [Fact]
    public void RemovingTheOnlyParent_IsRefused_AsAnOrphan()
    {
        var refusal = Assert.Single(DependencyRule.Remove(Tree, "ip", "dnsA").Refusals);

        Assert.StartsWith("removing it would leave dnsA without a parent, an orphan outside hierarchy exch1", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("`orchestrator dependency add PARENT dnsA`", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RemovingOneOfTwoParents_IsAllowed()
    {
        var tree = Tree with { Dependencies = [.. Tree.Dependencies, new ResourceDependency("volE", "dnsA")] };

        Assert.True(DependencyRule.Remove(tree, "ip", "dnsA").IsAllowed);
    }

    [Fact]
    public void RemovingAMissingDependency_IsRefused() =>
        Assert.StartsWith("volE does not depend on ip", Assert.Single(DependencyRule.Remove(Tree, "volE", "ip").Refusals).Message, StringComparison.Ordinal);

    [Fact]
    public void TheTreeOfADefinition_PutsEveryResourceUnderTheApplication()
    {
        var tree = ResourceTree.Of(Rules.RuleClusters.Hierarchy("exch1", ("node1", 1)) with
        {
            Volumes = [new Orchestrator.Domain.Cluster.VolumeResource("volE", "database", Orchestrator.Domain.Cluster.SourceLocation.Unknown)],
        });

        Assert.Equal("EXCH1", tree.Root);
        Assert.Equal([new ResourceDependency("EXCH1", "volE")], tree.Dependencies);
    }
}
