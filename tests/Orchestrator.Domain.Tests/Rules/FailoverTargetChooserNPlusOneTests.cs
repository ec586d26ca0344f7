using Orchestrator.Domain.Rules;
using static Orchestrator.Domain.Tests.Rules.RuleClusters;

namespace Orchestrator.Domain.Tests.Rules;

public class FailoverTargetChooserNPlusOneTests
{
    private static readonly string[] AllUp = ["node1", "node2", "node3", "node4"];

    private static FailoverDecision Choose(string failed, string hierarchy, IEnumerable<string> up, params HierarchyPlacement[] placements) =>
        FailoverTargetChooser.Choose(Situation(NPlusOne(), failed, up, hierarchy, placements));

    [Fact]
    public void Choose_AdmitsTheFirstFailedPrimaryOntoAFreeSpare_AndSaysTheSpareWasFree()
    {
        var decision = Choose("node1", "exch1", AllUp,
            new HierarchyPlacement("exch2", "node2", "node2"), new HierarchyPlacement("exch3", "node3", "node3"));

        Assert.Equal(("node4", 10), (decision.Node, decision.Priority));
        Assert.Contains("chose node4 (priority 10)", decision.Reason);
        Assert.Contains("spare node4 hosts no other failed primary, so N+1 admits exch1", decision.Reason);
    }

    [Fact]
    public void Choose_RefusesASecondFailedPrimary_NamingTheHierarchyTheSpareAlreadyHosts()
    {
        var decision = Choose("node1", "exch1", ["node3", "node4"],
            new HierarchyPlacement("exch2", "node4", "node2"), new HierarchyPlacement("exch3", "node3", "node3"));

        Assert.Equal(FailoverDecisionKind.Refused, decision.Kind);
        Assert.Contains("spare node4 already hosts exch2 (failed over from node2); N+1 admits one failed primary at a time", decision.Reason);
        Assert.Contains("an operator is needed", decision.Reason);
    }

    [Fact]
    public void Choose_AdmitsOntoTheSpare_WhenTheHierarchyItHostsIsTheOneFailingOver()
    {
        var decision = Choose("node1", "exch1", AllUp, new HierarchyPlacement("exch1", "node4", "node1"));

        Assert.Equal("node4", decision.Node);
    }

    [Fact]
    public void Choose_DoesNotCountAHierarchyThatIsPrimaryOnTheSpare_AsAFailedOverPrimary()
    {
        var decision = Choose("node1", "exch1", AllUp, new HierarchyPlacement("exch9", "node4", "node4"));

        Assert.Equal("node4", decision.Node);
    }

    [Fact]
    public void Choose_DoesNotCountAHierarchyFailedOverElsewhere_AgainstTheSpare()
    {
        var decision = Choose("node1", "exch1", AllUp, new HierarchyPlacement("exch2", "node3", "node2"));

        Assert.Equal("node4", decision.Node);
    }

    [Fact]
    public void Choose_AdmitsOnlyOneOfTwoPrimariesThatFailOneAfterTheOther()
    {
        var first = Choose("node1", "exch1", ["node2", "node3", "node4"]);
        var second = Choose("node2", "exch2", ["node3", "node4"], new HierarchyPlacement("exch1", first.Node!, "node1"));

        Assert.Equal("node4", first.Node);
        Assert.Equal(FailoverDecisionKind.Refused, second.Kind);
        Assert.Contains("spare node4 already hosts exch1 (failed over from node1)", second.Reason);
    }

    [Fact]
    public void Choose_NamesEveryHierarchyTheSpareHosts_WhenItSomehowHostsTwo()
    {
        var decision = Choose("node3", "exch3", AllUp,
            new HierarchyPlacement("exch2", "node4", "node2"), new HierarchyPlacement("exch1", "node4", "node1"));

        Assert.Contains("spare node4 already hosts exch1 (failed over from node1) and exch2 (failed over from node2)", decision.Reason);
    }

    [Fact]
    public void Choose_FallsBackToAnotherBackup_WhenTheSpareIsBusy()
    {
        var c = NPlusOne() with
        {
            Nodes = [.. NPlusOne().Nodes, Node("node5")],
            Hierarchies = [Hierarchy("exch1", ("node1", 1), ("node4", 10), ("node5", 20)), .. NPlusOne().Hierarchies.Skip(1)],
        };

        var decision = FailoverTargetChooser.Choose(Situation(c, "node1", ["node4", "node5"], placements: [new HierarchyPlacement("exch2", "node4", "node2")]));

        Assert.Equal(("node5", 20), (decision.Node, decision.Priority));
        Assert.Contains("because spare node4 already hosts exch2 (failed over from node2)", decision.Reason);
    }

    [Fact]
    public void Choose_ReportsABusySpareThatIsDown_AsDown()
    {
        var decision = Choose("node1", "exch1", ["node2"], new HierarchyPlacement("exch2", "node4", "node2"));

        Assert.Equal(FailoverDecisionKind.Refused, decision.Kind);
        Assert.Contains("node4 (priority 10) is down", decision.Reason);
        Assert.DoesNotContain("already hosts", decision.Reason);
    }

    [Fact]
    public void Choose_Refuses_NotWaits_WhenTheSpareIsBusyAndInFullResync_BecauseTheResyncEndingWouldNotAdmitIt()
    {
        var decision = FailoverTargetChooser.Choose(Situation(NPlusOne(), "node1", AllUp,
            placements: [new HierarchyPlacement("exch2", "node4", "node2")],
            mirrors: new Dictionary<string, MirrorState> { ["node4"] = MirrorState.FullResync }));

        Assert.Equal(FailoverDecisionKind.Refused, decision.Kind);
        Assert.Contains("spare node4 already hosts exch2", decision.Reason);
    }

    [Fact]
    public void Choose_Waits_WhenTheFreeSpareIsInFullResync()
    {
        var decision = FailoverTargetChooser.Choose(Situation(NPlusOne(), "node1", AllUp,
            mirrors: new Dictionary<string, MirrorState> { ["node4"] = MirrorState.FullResync }));

        Assert.Equal(FailoverDecisionKind.Wait, decision.Kind);
        Assert.Contains("node4's mirror is in full resync; it must not recover until the resync completes", decision.Reason);
    }

    [Fact]
    public void Choose_DoesNotLimitTheSpare_WhenTheClusterIsNotNPlusOne()
    {
        var decision = FailoverTargetChooser.Choose(Situation(NPlusOne(nPlusOne: false), "node1", AllUp,
            placements: [new HierarchyPlacement("exch2", "node4", "node2")]));

        Assert.Equal("node4", decision.Node);
        Assert.DoesNotContain("spare", decision.Reason);
    }
}
