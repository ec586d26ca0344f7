using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Tests.Rules;

public class RoutingGroupSwapRuleTests
{
    /// <summary>Every combination of N+1, owner-list position, and routing groups (same, different, unknown).</summary>
    [Theory]
    [InlineData(false, true, "RG-A", "RG-B", true, "is first in the public-folder owner list and is in routing group RG-A while the backup is in RG-B")]
    [InlineData(false, true, "RG-A", "RG-A", false, "both in routing group RG-A")]
    [InlineData(false, true, "RG-A", "rg-a", false, "both in routing group RG-A")]
    [InlineData(false, true, null, "RG-B", false, "the failed primary's routing group is unknown")]
    [InlineData(false, true, "RG-A", null, false, "the backup's routing group is unknown")]
    [InlineData(false, true, " ", "RG-B", false, "the failed primary's routing group is unknown")]
    [InlineData(false, false, "RG-A", "RG-B", false, "not first in the public-folder owner list")]
    [InlineData(false, false, "RG-A", "RG-A", false, "not first in the public-folder owner list")]
    [InlineData(false, false, null, null, false, "not first in the public-folder owner list")]
    [InlineData(true, true, "RG-A", "RG-B", false, "the cluster is N+1")]
    [InlineData(true, true, "RG-A", "RG-A", false, "the cluster is N+1")]
    [InlineData(true, false, "RG-A", "RG-B", false, "the cluster is N+1")]
    [InlineData(true, false, null, null, false, "the cluster is N+1")]
    public void Decide_SwapsOnlyForAFirstOwnerInAnotherRoutingGroup_NeverInNPlusOne_AndSaysWhichConditionDecided(
        bool nPlusOne, bool firstOwner, string? failedGroup, string? backupGroup, bool swap, string reason)
    {
        var decision = RoutingGroupSwapRule.Decide(nPlusOne, firstOwner, failedGroup, backupGroup);

        Assert.Equal(swap, decision.Swap);
        Assert.Contains(reason, decision.Reason);
        Assert.Contains("(S23)", decision.Reason);
        Assert.StartsWith(swap ? "swap routing groups" : "no routing-group swap", decision.Reason);
    }
}
