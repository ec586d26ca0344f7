using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Tests.Rules;

public sealed class VolumeTakeoverRuleTests
{
    [Theory]
    [InlineData("node2", "node1", true)] // the failed holder was fenced: its lock may be taken over
    [InlineData("node2", "NODE1", true)] // node names compare as the definition's do
    [InlineData("node2", "", false)] // nobody fenced: an ordinary start
    [InlineData("node2", "node2", false)] // the target itself fenced (and back): no other node's lock to take
    [InlineData("node2", "node3", false)] // a node outside the volume's hierarchy
    public void A_volume_is_taken_over_only_from_a_fenced_peer_of_its_hierarchy(string target, string fenced, bool mayTakeOver) =>
        Assert.Equal(mayTakeOver, VolumeTakeoverRule.MayTakeOver(target, ["node1", "node2"], fenced.Length == 0 ? [] : [fenced]));
}
