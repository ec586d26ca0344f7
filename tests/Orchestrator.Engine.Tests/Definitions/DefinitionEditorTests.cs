using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Errors;
using static Orchestrator.Engine.Tests.Definitions.DefinitionModelText;

namespace Orchestrator.Engine.Tests.Definitions;

public class DefinitionEditorTests
{
    public static IEnumerable<object[]> AllSamples => Samples();

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void RemovePriorityThenAddPriority_ChangesOnlyThatNodesPriority(string sample)
    {
        var yaml = Sample(sample);
        var before = Parse(yaml);
        var h = before.Hierarchies[0];
        var last = h.Priorities[^1];

        var removed = DefinitionEditor.RemovePriority(yaml, h.Name.ToUpperInvariant(), last.Node.ToUpperInvariant());
        Assert.Equal(Of(With(before, h with { Priorities = [.. h.Priorities.SkipLast(1)] })), Of(Parse(removed)));

        var added = DefinitionEditor.AddPriority(removed, h.Name, last.Node, 42);
        Assert.Equal(Of(With(before, h with { Priorities = [.. h.Priorities.SkipLast(1), last with { Priority = 42 }] })), Of(Parse(added)));
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void SetPriority_ChangesOnlyThatNodesPriority(string sample)
    {
        var yaml = Sample(sample);
        var before = Parse(yaml);
        var h = before.Hierarchies[^1];
        var node = h.Priorities[^1];

        var after = Parse(DefinitionEditor.SetPriority(yaml, h.Name, node.Node, 500));

        Assert.Equal(Of(With(before, h with { Priorities = [.. h.Priorities.SkipLast(1), node with { Priority = 500 }] })), Of(after));
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void RemoveHierarchyThenAddHierarchy_GivesBackTheSameHierarchy(string sample)
    {
        var yaml = Sample(sample);
        var before = Parse(yaml);
        foreach (var h in before.Hierarchies)
        {
            var removed = DefinitionEditor.RemoveHierarchy(yaml, h.Name.ToUpperInvariant());
            var without = Parse(removed);
            Assert.Equal(Of(before with { Hierarchies = [.. before.Hierarchies.Where(o => o != h)] }), Of(without));

            var restored = Parse(DefinitionEditor.AddHierarchy(removed, h));
            Assert.Equal(Of(h), Of(restored.FindHierarchy(h.Name)!));
            Assert.Equal(Of(before with { Hierarchies = [.. without.Hierarchies, h] }), Of(restored));
        }
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void AddHierarchy_WritesExplicitDependenciesAndAReplicatedAutomaticHierarchyBack(string sample)
    {
        var yaml = Sample(sample);
        var h = Parse(yaml).Hierarchies[0];
        var tree = ResourceTree.Of(h);
        var changed = h with
        {
            Switchback = SwitchbackType.Automatic, Replicated = true, Mode = HierarchyDefinition.ActiveStandby,
            Dependencies = [.. tree.Dependencies.SkipLast(1), new(tree.Resources[1], tree.Resources[^1])],
            Application = h.Application with { Shares = ["Address"], OptionalServices = [] },
        };

        var restored = Parse(DefinitionEditor.AddHierarchy(DefinitionEditor.RemoveHierarchy(yaml, h.Name), changed));

        Assert.Equal(Of(changed), Of(restored.FindHierarchy(h.Name)!));
    }

    [Fact]
    public void AValueThatReadsAsEmpty_IsWrittenQuoted_AndReadsBackAsWritten()
    {
        var yaml = Sample("two-node.yaml");
        var h = Parse(yaml).Hierarchies[0];
        var changed = h with { Volumes = [.. h.Volumes.Select(v => v with { Role = "null" })], Application = h.Application with { Shares = ["~", ""] } };

        var restored = Parse(DefinitionEditor.AddHierarchy(DefinitionEditor.RemoveHierarchy(yaml, h.Name), changed)).Hierarchies[0];

        Assert.Equal(Of(changed), Of(restored));
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void SetServices_ReordersKeepingEachServicesKeys_AndAddsANewOne(string sample)
    {
        var yaml = Sample(sample);
        var before = Parse(yaml);
        var h = before.Hierarchies[0];
        var reversed = h.Application.Services.Reverse().ToList();

        var after = Parse(DefinitionEditor.SetServices(yaml, h.Name, [.. reversed.Select(s => s.Name.ToLowerInvariant()), "NewSvc"]));

        var services = reversed.Append(new ProtectedService("NewSvc", null, SourceLocation.Unknown)).ToList();
        Assert.Equal(Of(With(before, h with { Application = h.Application with { Services = services } })), Of(after));
    }

    [Fact]
    public void SetServices_RemovingOne_KeepsTheOthersMaxWait()
    {
        var yaml = Sample("cascading-3.yaml");

        var after = Parse(DefinitionEditor.SetServices(yaml, "exch1", ["MSExchangeIS", "SMTPSVC"])).Hierarchies[0].Application.Services;

        Assert.Equal(["MSExchangeIS:1200", "SMTPSVC:"], after.Select(s => $"{s.Name}:{s.MaxWaitSeconds}"));
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void AddDependencyThenRemoveDependency_WritesTheWholeTreeAndChangesOneEdge(string sample)
    {
        var yaml = Sample(sample);
        var before = Parse(yaml);
        var h = before.Hierarchies[0];
        var tree = ResourceTree.Of(h);
        var (first, last) = (tree.Resources[1], tree.Resources[^1]);

        var added = DefinitionEditor.AddDependency(yaml, h.Name, first.ToUpperInvariant(), last.ToUpperInvariant());
        var withEdge = h with { Dependencies = [.. tree.Dependencies, new(first, last)] };
        Assert.Equal(Of(With(before, withEdge)), Of(Parse(added)));

        var removed = DefinitionEditor.RemoveDependency(added, h.Name, tree.Root, last);
        var moved = h with { Dependencies = [.. withEdge.Dependencies.Where(d => d != new ResourceDependency(tree.Root, last))] };
        Assert.Equal(Of(With(before, moved)), Of(Parse(removed)));
        Assert.Equal([first], ResourceTree.Of(Parse(removed).Hierarchies[0]).ParentsOf(last));
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void SetSetting_ChangesOnlyThatSetting(string sample)
    {
        var yaml = Sample(sample);
        var before = Parse(yaml);

        var after = Parse(DefinitionEditor.SetSetting(DefinitionEditor.SetSetting(yaml, "n-plus-1", "true"), "monitor-interval", "7"));

        Assert.Equal(Of(before with { Settings = before.Settings with { NPlusOne = true, MonitorIntervalSeconds = 7 } }), Of(after));
    }

    [Fact]
    public void SetSetting_WithoutSettings_AddsThemAfterTheClusterName()
    {
        var yaml = string.Join("\n", Sample("cascading-3.yaml").Split('\n').Where(l => !l.StartsWith("settings:", StringComparison.Ordinal) && !l.StartsWith("  switchback:", StringComparison.Ordinal) && !l.StartsWith("  update-replica-list:", StringComparison.Ordinal)));

        var edited = DefinitionEditor.SetSetting(yaml, "n-plus-1", "true");

        Assert.True(Parse(edited).Settings.NPlusOne);
        Assert.Matches("^cluster: exchange-cascading-3\nsettings:\n  n-plus-1: true\nnodes:", edited);
    }

    [Fact]
    public void AnEdit_KeepsTheRestOfTheDocumentInItsOrder()
    {
        var edited = DefinitionEditor.SetPriority(Sample("n-plus-1.yaml"), "exch2", "node4", 20);

        var keys = edited.Split('\n').Where(l => l.Length > 0 && !l.StartsWith(' ')).Select(l => l.Split(':')[0]);
        Assert.Equal(["cluster", "settings", "nodes", "paths", "hierarchies"], keys);
        Assert.Contains("    priorities:\n      node2: 1\n      node4: 20\n", edited, StringComparison.Ordinal);
        Assert.Contains("  - between: [node1, node4]\n", edited, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownHierarchy_IsRefused_NamingTheKnownOnes() =>
        Assert.Equal("hierarchy exch9 is not in the cluster definition (its hierarchies: exch1, exch2, exch3); check the name",
            Assert.Throws<BadInputException>(() => DefinitionEditor.RemoveHierarchy(Sample("n-plus-1.yaml"), "exch9")).Message);

    [Fact]
    public void AnUnknownNodeOfTheHierarchy_IsRefused_NamingItsNodes() =>
        Assert.Equal("node node3 is not in hierarchy exch1 (its nodes: node1, node2); check the name",
            Assert.Throws<BadInputException>(() => DefinitionEditor.SetPriority(Sample("two-node.yaml"), "exch1", "node3", 5)).Message);

    [Fact]
    public void AddingANodeTheClusterDoesNotHave_IsRefused_NamingItsNodes() =>
        Assert.Equal("node node9 is not in the cluster definition (its nodes: node1, node2); check the name",
            Assert.Throws<BadInputException>(() => DefinitionEditor.AddPriority(Sample("two-node.yaml"), "exch1", "node9", 5)).Message);

    [Fact]
    public void AddingANodeTheHierarchyHas_IsRefused() =>
        Assert.StartsWith("node node2 is already in hierarchy exch1 (priority 10)",
            Assert.Throws<BadInputException>(() => DefinitionEditor.AddPriority(Sample("two-node.yaml"), "exch1", "NODE2", 5)).Message, StringComparison.Ordinal);

    [Fact]
    public void AddingAHierarchyThatExists_IsRefused()
    {
        var yaml = Sample("two-node.yaml");
        var h = Parse(yaml).Hierarchies[0] with { Name = "EXCH1" };

        Assert.StartsWith("hierarchy exch1 is already in the cluster definition", Assert.Throws<BadInputException>(() => DefinitionEditor.AddHierarchy(yaml, h)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AServiceNamedTwice_IsRefused() =>
        Assert.StartsWith("service w3svc is named twice for hierarchy exch1",
            Assert.Throws<BadInputException>(() => DefinitionEditor.SetServices(Sample("two-node.yaml"), "exch1", ["W3SVC", "RESvc", "w3svc"])).Message, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void AnUnknownSetting_IsRefused() =>
        Assert.StartsWith("setting n-plus-one is not a cluster setting",
            Assert.Throws<BadInputException>(() => DefinitionEditor.SetSetting(Sample("two-node.yaml"), "n-plus-one", "true")).Message, StringComparison.Ordinal);

    [Fact]
    public void ADependencyTheRuleRefuses_IsRefusedWithTheRulesMessage()
    {
        var yaml = Sample("two-node.yaml");
        var tree = ResourceTree.Of(Parse(yaml).Hierarchies[0]);

        Assert.Equal(Assert.Single(DependencyRule.Add(tree, "E", "EXCH1").Refusals).Message,
            Assert.Throws<BadInputException>(() => DefinitionEditor.AddDependency(yaml, "exch1", "E", "EXCH1")).Message);
        Assert.Equal(Assert.Single(DependencyRule.Remove(tree, "E", "F").Refusals).Message,
            Assert.Throws<BadInputException>(() => DefinitionEditor.RemoveDependency(yaml, "exch1", "E", "F")).Message);
        Assert.StartsWith("resource volX is not in hierarchy exch1",
            Assert.Throws<BadInputException>(() => DefinitionEditor.AddDependency(yaml, "exch1", "EXCH1", "volX")).Message, StringComparison.Ordinal);
    }

    private static ClusterDefinition With(ClusterDefinition cluster, HierarchyDefinition changed) =>
        cluster with { Hierarchies = [.. cluster.Hierarchies.Select(h => h.Name == changed.Name ? changed : h)] };
}
