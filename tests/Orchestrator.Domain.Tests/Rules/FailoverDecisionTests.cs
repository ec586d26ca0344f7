using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Tests.Rules;

public class FailoverDecisionTests
{
    [Fact]
    public void Chosen_CarriesTheNodeAndPriority()
    {
        var d = FailoverDecision.Chosen("node2", 10, "node1 failed; chose node2");

        Assert.True(d.IsChosen);
        Assert.Equal((FailoverDecisionKind.Chosen, "node2", 10), (d.Kind, d.Node, d.Priority));
        Assert.Equal("Chosen node2 (priority 10): node1 failed; chose node2", d.ToString());
    }

    [Fact]
    public void WaitAndRefused_CarryNoNode()
    {
        var wait = FailoverDecision.Wait("resync");
        var refused = FailoverDecision.Refused("all down");

        Assert.Equal((FailoverDecisionKind.Wait, null, null), (wait.Kind, wait.Node, wait.Priority));
        Assert.Equal((FailoverDecisionKind.Refused, null, null), (refused.Kind, refused.Node, refused.Priority));
        Assert.False(wait.IsChosen);
        Assert.Equal("Refused: all down", refused.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void EveryDecision_NeedsAReason(string reason)
    {
        Assert.Throws<ArgumentException>(() => FailoverDecision.Chosen("node2", 10, reason));
        Assert.Throws<ArgumentException>(() => FailoverDecision.Wait(reason));
        Assert.Throws<ArgumentException>(() => FailoverDecision.Refused(reason));
    }

    [Fact]
    public void Decisions_AreEqualByValue()
    {
        Assert.Equal(FailoverDecision.Chosen("node2", 10, "r"), FailoverDecision.Chosen("node2", 10, "r"));
        Assert.NotEqual(FailoverDecision.Wait("r"), FailoverDecision.Refused("r"));
    }
}
