using Orchestrator.Domain.Rules;
using static Orchestrator.Domain.Tests.Rules.RuleClusters;

namespace Orchestrator.Domain.Tests.Rules;

/// <summary>Anti-flapping inside the choice: a move back onto a recently failed node is skipped, a cascade is not.</summary>
public class FailoverTargetChooserFlappingTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static FailoverSituation After(string failed, string[] up, bool automatic, params NodeFailure[] failures) =>
        Situation(Cascading3(), failed, up) with { Failures = failures, Now = Now, Automatic = automatic };

    [Fact]
    public void ACascade_GoesOnToANodeNotYetInvolved_RightAfterTheFirstFailover()
    {
        var decision = FailoverTargetChooser.Choose(After("node2", ["node3"], automatic: true, new NodeFailure("node1", Now.AddSeconds(-10), 1)));

        Assert.Equal("node3", decision.Node);
    }

    [Fact]
    public void AMoveBackOntoTheNodeThatFailed_IsSkipped_ForANodeNotYetInvolved_AndTheReasonSaysWhich()
    {
        var decision = FailoverTargetChooser.Choose(After("node2", ["node1", "node3"], automatic: true, new NodeFailure("node1", Now.AddMinutes(-5), 1)));

        Assert.Equal("node3", decision.Node);
        Assert.Contains("node1 failed at 2025-03-01 11:55:00Z (failover #1 of exch1)", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void WithNoOtherNode_TheAutomaticFailoverIsBlocked_NamingTheNodeAndTheAck()
    {
        var decision = FailoverTargetChooser.Choose(After("node2", ["node1"], automatic: true, new NodeFailure("node1", Now.AddMinutes(-5), 1)));

        Assert.Equal(FailoverDecisionKind.Blocked, decision.Kind);
        Assert.Contains("`orchestrator procedures ack 1` lifts the block", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOperatorsFailover_IsNotBlocked_ButTheReasonSaysWhatItOverrode()
    {
        var decision = FailoverTargetChooser.Choose(After("node2", ["node1"], automatic: false, new NodeFailure("node1", Now.AddMinutes(-5), 1)));

        Assert.Equal("node1", decision.Node);
        Assert.Contains("an operator's move is not blocked", decision.Reason, StringComparison.Ordinal);
    }
}
