using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using static Orchestrator.Domain.Tests.Administration.AdminClusters;
using static Orchestrator.Domain.Tests.Rules.RuleClusters;

namespace Orchestrator.Domain.Tests.Administration;

/// <summary>Issue 16's first paragraph, exch1 in service on its backup node2: each re-applied file is refused with the command's message.</summary>
public class DefinitionChangeRulesTests
{
    private static readonly ClusterDefinition Stored = Two();
    private static readonly RunningState OnBackup = InServiceOn("node2");

    private static AdminVerdict Apply(ClusterDefinition next, RunningState? running = null) =>
        DefinitionChangeRules.Check(Stored, next, running ?? OnBackup);

    [Fact]
    public void ReapplyingTheSameFile_IsAllowed() =>
        Assert.True(Apply(Two()).IsAllowed);

    [Fact]
    public void RemovingNode2FromExch1_WhileInServiceThere_IsRefused_AsUnextendWouldBe()
    {
        var verdict = Apply(Stored.With(Hierarchy("exch1", ("node1", 1))));

        var refusal = Assert.Single(verdict.Findings);
        Assert.Equal(Assert.Single(HierarchyUnextendRule.Check(Stored.Exch1(), "node2", OnBackup).Findings), refusal);
        Assert.Contains("hierarchy exch1 is in service on node2", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RemovingThePrimary_WhileInServiceOnTheBackup_IsRefused_AsUnextendWouldBe()
    {
        var verdict = Apply(Stored.With(Hierarchy("exch1", ("node2", 10))));

        var refusal = Assert.Single(verdict.Refusals);
        Assert.Equal(Assert.Single(HierarchyUnextendRule.Check(Stored.Exch1(), "node1", OnBackup).Findings), refusal);
        Assert.Equal("node node1 of hierarchy exch1", refusal.Subject);
    }

    [Fact]
    public void RemovingThePrimary_WhenInServiceNowhere_NeedsForce()
    {
        var verdict = Apply(Stored.With(Hierarchy("exch1", ("node2", 10))), RunningState.Nothing);

        Assert.True(verdict.NeedsForce);
        Assert.Contains("node1 is the primary", Assert.Single(verdict.Warnings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeletingExch1_WhileInServiceOnNode2_IsRefused_AsDeleteWouldBe()
    {
        var verdict = Apply(Stored.With());

        Assert.Equal(HierarchyDeleteRule.Check(Stored.Exch1(), OnBackup).Findings, verdict.Findings);
        Assert.Equal("hierarchy exch1 is in service on node2, a backup: move it back with `orchestrator switchover exch1 --to node1` first, then delete it", Assert.Single(verdict.Findings).Message);
    }

    [Fact]
    public void RecreatingExch1_AfterItWasDeletedOnABackup_IsRefused_NamingTheRepair()
    {
        var deleted = new RunningState([], [new HierarchyPlacement("exch1", "node2", "node1")]);

        var verdict = DefinitionChangeRules.Check(Stored.With(), Stored, deleted);

        Assert.Contains("`orchestrator users move --all`", Assert.Single(verdict.Refusals).Message, StringComparison.Ordinal);
        Assert.Equal("hierarchy exch1", verdict.Refusals[0].Subject);
    }

    [Fact]
    public void SwappingThePriorities_NeedsForce()
    {
        var verdict = Apply(Stored.With(Hierarchy("exch1", ("node1", 10), ("node2", 1))));

        Assert.True(verdict.NeedsForce);
        Assert.Equal(PriorityChangeRule.Check(Stored.Exch1(), Hierarchy("exch1", ("node1", 10), ("node2", 1))).Findings, verdict.Findings);
    }

    [Fact]
    public void RenamingAHierarchyInService_IsRefused_NamingBothNames()
    {
        var renamed = Stored.Exch1() with { Name = "exchA" };

        var verdict = Apply(Stored.With(renamed), InServiceOn("node1"));

        Assert.Equal(
            "hierarchy exch1 is in service on node1; renaming it to exchA is a delete plus a create, refused while in service: keep the name exch1",
            Assert.Single(verdict.Findings).Message);
    }

    [Fact]
    public void RenamingAHierarchyInServiceNowhere_IsAllowed() =>
        Assert.True(Apply(Stored.With(Stored.Exch1() with { Name = "exchA" }), RunningState.Nothing).IsAllowed);

    [Fact]
    public void ExtendingToANode_NeedsAPathFromEveryNodeOfTheHierarchy_AsExtendWould()
    {
        var toNode3 = Stored.With(Hierarchy("exch1", ("node1", 1), ("node2", 10), ("node3", 20)));
        Assert.Contains("no communication path from node3 to node2 of hierarchy exch1", Assert.Single(Apply(toNode3).Refusals).Message, StringComparison.Ordinal);
        Assert.True(Apply(toNode3 with { Paths = [.. toNode3.Paths, Path("node2", "node3")] }).IsAllowed);

        var verdict = Apply(Stored.With(Hierarchy("exch1", ("node1", 1), ("node2", 10), ("node4", 20))));

        Assert.Contains("no communication path from node4 to node1 and node2 of hierarchy exch1", Assert.Single(verdict.Refusals).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAddedNodeAtAUsedPriority_IsRefusedOnce_AsExtendWouldBe()
    {
        var next = Stored.With(Hierarchy("exch1", ("node1", 1), ("node2", 10), ("node3", 10))) with { Paths = [.. Stored.Paths, Path("node2", "node3")] };

        var refusal = Assert.Single(Apply(next).Findings);

        Assert.Equal("node node3 of hierarchy exch1", refusal.Subject);
        Assert.StartsWith("priority 10 is already used by node2 in hierarchy exch1", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AServiceWithASpace_IsRefused_AsServicesAddWouldBe()
    {
        var exch1 = Stored.Exch1();
        var next = exch1 with
        {
            Application = exch1.Application with
            {
                Services = [.. exch1.Application.Services, new ProtectedService("POP3 Service", null, SourceLocation.Unknown)],
            },
        };

        var refusal = Assert.Single(Apply(Stored.With(next)).Refusals);

        Assert.Equal("service POP3 Service of hierarchy exch1", refusal.Subject);
    }
}
