using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Tests.Rules;

public sealed class StaleClaimRuleTests
{
    [Theory]
    [InlineData(1, 2L, true)]
    [InlineData(2, 2L, false)]
    [InlineData(3, 2L, false)]
    [InlineData(0, 2L, false)] // not issued by a claim: never fenced
    [InlineData(1, null, false)] // never applied: nothing to be stale against
    [InlineData(1, 0L, false)] // applied without a claim
    public void A_token_is_stale_only_below_the_highest_accepted(long token, long? accepted, bool stale) =>
        Assert.Equal(stale, StaleClaimRule.IsStale(token, accepted));

    [Theory]
    [InlineData(3, 2L, 3)]
    [InlineData(2, 3L, 3)]
    [InlineData(0, null, 0)]
    [InlineData(4, null, 4)]
    public void The_accepted_token_only_rises(long token, long? accepted, long remembered) =>
        Assert.Equal(remembered, StaleClaimRule.Accepted(token, accepted));

    [Fact]
    public void The_refusal_names_token_accepted_kind_target_and_node() =>
        Assert.Equal("fenced: stale claim token 1 (accepted: 2) for DnsUpdate of exch1 on node2", StaleClaimRule.Describe(1, 2, "DnsUpdate", "exch1", "node2"));
}
