using Orchestrator.Domain.Rules;
using static Orchestrator.Domain.Tests.Rules.RuleClusters;

namespace Orchestrator.Domain.Tests.Rules;

public class FailoverTargetChooserMirrorTests
{
    private const string ResyncText = "node2's mirror is in full resync; it must not recover until the resync completes";

    private static Dictionary<string, MirrorState> Mirrors(params (string Node, MirrorState State)[] states) =>
        states.ToDictionary(s => s.Node, s => s.State);

    [Theory]
    [InlineData(MirrorState.Mirroring, "node2")]
    [InlineData(MirrorState.Paused, "node3")]
    [InlineData(MirrorState.PartialResync, "node3")]
    [InlineData(MirrorState.None, "node2")]
    [InlineData(MirrorState.FullResync, "node3")]
    public void Choose_SkipsEveryBackupWhoseMirrorIsNotMirroring_S27(MirrorState state, string expected)
    {
        var decision = FailoverTargetChooser.Choose(Situation(Cascading3(), "node1", Up("node2", "node3"), mirrors: Mirrors(("node2", state))));

        Assert.Equal(FailoverDecisionKind.Chosen, decision.Kind);
        Assert.Equal(expected, decision.Node);
    }

    [Fact]
    public void Choose_SkipsANodeInFullResync_WhenAnotherCandidateIsLeft_AndSaysWhy()
    {
        var decision = FailoverTargetChooser.Choose(Situation(Cascading3(), "node1", Up("node2", "node3"), mirrors: Mirrors(("node2", MirrorState.FullResync))));

        Assert.Equal(("node3", 20), (decision.Node, decision.Priority));
        Assert.Equal($"node1 failed; chose node3 (priority 20) because {ResyncText}", decision.Reason);
    }

    [Fact]
    public void Choose_Waits_WhenTheOnlyCandidateIsInFullResync()
    {
        var c = Cascading3() with { Hierarchies = [Hierarchy("exch1", ("node1", 1), ("node2", 10))] };

        var decision = FailoverTargetChooser.Choose(Situation(c, "node1", Up("node2"), mirrors: Mirrors(("node2", MirrorState.FullResync))));

        Assert.Equal(FailoverDecisionKind.Wait, decision.Kind);
        Assert.Null(decision.Node);
        Assert.Null(decision.Priority);
        Assert.Equal($"node1 failed; exch1 waits: {ResyncText}", decision.Reason);
    }

    [Fact]
    public void Choose_Waits_WhenOneCandidateIsInFullResyncAndTheOtherIsDown()
    {
        var decision = FailoverTargetChooser.Choose(Situation(Cascading3(), "node1", Up("node2"), mirrors: Mirrors(("node2", MirrorState.FullResync))));

        Assert.Equal(FailoverDecisionKind.Wait, decision.Kind);
        Assert.Contains(ResyncText, decision.Reason);
        Assert.Contains("node3 (priority 20) is down", decision.Reason);
    }

    [Fact]
    public void Choose_Refuses_NotWaits_WhenTheNodeInFullResyncIsDown()
    {
        var c = Cascading3() with { Hierarchies = [Hierarchy("exch1", ("node1", 1), ("node2", 10))] };

        var decision = FailoverTargetChooser.Choose(Situation(c, "node1", Up(), mirrors: Mirrors(("node2", MirrorState.FullResync))));

        Assert.Equal(FailoverDecisionKind.Refused, decision.Kind);
        Assert.Contains("node2 (priority 10) is down", decision.Reason);
        Assert.DoesNotContain("resync", decision.Reason);
    }

    [Fact]
    public void Choose_RefusesInsteadOfWaiting_WhenAutomaticFailoverIsDisabled_AndTheOnlyCandidateIsInFullResync()
    {
        var c = Cascading3(automaticFailover: false) with { Hierarchies = [Hierarchy("exch1", ("node1", 1), ("node2", 10))] };

        var decision = FailoverTargetChooser.Choose(Situation(c, "node1", Up("node2"), mirrors: Mirrors(("node2", MirrorState.FullResync))));

        Assert.Equal(FailoverDecisionKind.Refused, decision.Kind);
        Assert.Contains(ResyncText, decision.Reason);
        Assert.Contains("automatic failover is disabled", decision.Reason);
    }

    [Fact]
    public void Choose_WaitsForAnOperatorRequest_WhenTheOnlyCandidateIsInFullResync()
    {
        var c = Cascading3(automaticFailover: false) with { Hierarchies = [Hierarchy("exch1", ("node1", 1), ("node2", 10))] };

        var decision = FailoverTargetChooser.Choose(Situation(c, "node1", Up("node2"), mirrors: Mirrors(("node2", MirrorState.FullResync)), byOperator: true));

        Assert.Equal(FailoverDecisionKind.Wait, decision.Kind);
    }

    [Theory]
    [InlineData(MirrorState.Paused, "node2's mirror is paused, not mirroring")]
    [InlineData(MirrorState.PartialResync, "node2's mirror is in partial resync, not mirroring")]
    public void Choose_Waits_WhenTheOnlyBackupsMirrorIsNotMirroring_AndSaysWhy(MirrorState state, string why)
    {
        var decision = FailoverTargetChooser.Choose(Situation(Cascading3(), "node1", Up("node2"), mirrors: Mirrors(("node2", state))));

        Assert.Equal(FailoverDecisionKind.Wait, decision.Kind);
        Assert.Contains(why, decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MirrorState.Mirroring)]
    [InlineData(MirrorState.None)]
    public void Choose_AddsNoMirrorNote_WhenTheChosenNodeIsMirroringOrOnSharedStorage(MirrorState state)
    {
        var decision = FailoverTargetChooser.Choose(Situation(Cascading3(), "node1", Up("node2"), mirrors: Mirrors(("node2", state))));

        Assert.DoesNotContain("mirror", decision.Reason);
    }

    [Fact]
    public void Choose_FindsAMirrorStateWhateverTheCaseOfItsNodeName()
    {
        var decision = FailoverTargetChooser.Choose(Situation(Cascading3(), "node1", Up("node2", "node3"), mirrors: Mirrors(("NODE2", MirrorState.FullResync))));

        Assert.Equal("node3", decision.Node);
    }

    [Fact]
    public void Choose_IgnoresTheFailedNodesOwnMirrorState()
    {
        var decision = FailoverTargetChooser.Choose(Situation(Cascading3(), "node1", Up("node2"), mirrors: Mirrors(("node1", MirrorState.FullResync))));

        Assert.Equal("node2", decision.Node);
    }
}
