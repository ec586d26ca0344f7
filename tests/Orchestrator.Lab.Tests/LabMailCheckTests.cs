using Orchestrator.Testing.Lab;

namespace Orchestrator.Lab.Tests;

/// <summary>The lab's mail accounting, without a lab: the load client's lines read back, the mailbox compared with the accepted ids.</summary>
public sealed class LabMailCheckTests
{
    [Fact]
    public void TheClientsLines_AreReadBack_WithTheAcceptedIdsAndTheLongestGap()
    {
        var result = LabMailLoad.Parse(
            "msg r-000000 250 10 node1\nmsg r-000001 0 560 socket:ConnectionRefused\nmsg r-000002 421 700 node1\nmsg r-000003 250 1710 node2\n"
            + "summary attempted=4 accepted=2 longest-gap-ms=1700 elapsed-ms=1800\n");

        Assert.Equal(["r-000000", "r-000003"], result.AcceptedIds);
        Assert.Equal(4, result.Attempts.Count);
        Assert.Equal("socket:ConnectionRefused", result.Attempts[1].Server);
        Assert.Equal(TimeSpan.FromMilliseconds(1700), result.LongestGap);
        Assert.Throws<InvalidOperationException>(() => LabMailLoad.Parse("msg r-000000 250 10 node1\n"));
    }

    [Fact]
    public void TheCheck_CountsAnAcceptedIdMissingFromTheMailboxAsLost_AndSaysWhatWasDeliveredTwiceOrWithoutA250()
    {
        var check = LabMailCheck.Compare(["a", "b", "c"], ["a", "c", "c", "x"]);

        Assert.Equal(["b"], check.Lost);
        Assert.Equal(["c"], check.Duplicated);
        Assert.Equal(["x"], check.Unacknowledged);
        Assert.Equal((3, 4), (check.Accepted, check.Delivered));
        Assert.Empty(LabMailCheck.Compare(["a"], ["a"]).Lost);
    }
}
