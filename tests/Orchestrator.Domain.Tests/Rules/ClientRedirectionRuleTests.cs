using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using static Orchestrator.Domain.Tests.Validation.TestCluster;

namespace Orchestrator.Domain.Tests.Rules;

/// <summary>S21: the switchable IP moves only to a node of its subnet; elsewhere DNS alone redirects clients.</summary>
public class ClientRedirectionRuleTests
{
    private static ClusterDefinition Cluster(string? node2Address, int? node2Prefix = null) => TwoNode() with
    {
        Nodes = [Node("node1", 5) with { Address = "10.0.0.11" }, Node("node2", 7) with { Address = node2Address, PrefixLength = node2Prefix }],
    };

    [Theory]
    [InlineData("10.0.0.12", null, true)]
    [InlineData("10.0.1.12", null, false)]
    [InlineData("10.0.1.12", 16, true)]
    [InlineData("10.0.0.12", 30, false)]
    [InlineData(null, null, true)] // unknown address: no evidence of another subnet
    public void MovesAddress_OnlyToANodeWhoseSubnetHoldsTheIp(string? address, int? prefix, bool moves)
    {
        var c = Cluster(address, prefix);

        Assert.Equal(moves, ClientRedirectionRule.MovesAddress(c, c.Hierarchies[0], "node2"));
        Assert.True(ClientRedirectionRule.MovesAddress(c, c.Hierarchies[0], "node1"));
    }

    [Fact]
    public void MovesAddress_IsFalse_ForAHierarchyWithoutASwitchableIp()
    {
        var c = Cluster("10.0.0.12").WithHierarchy(h => h with { Address = null });

        Assert.False(ClientRedirectionRule.MovesAddress(c, c.Hierarchies[0], "node1"));
    }

    [Theory]
    [InlineData("10.0.0.11", null, "10.0.0.0/24")]
    [InlineData("10.0.0.11", 16, "10.0.0.0/16")]
    [InlineData("172.17.104.98", 20, "172.17.96.0/20")]
    [InlineData("fd00::1:2", null, "fd00::/64")]
    public void Subnet_MasksTheAddress_WithTheDefaultPrefixWhenNoneIsWritten(string address, int? prefix, string expected)
    {
        Assert.Equal(expected, Subnet.Of(address, prefix)!.ToString());
    }

    [Fact]
    public void UnprotectedOptionalServices_LeavesOutTheProtectedOnes()
    {
        var app = TwoNode().Hierarchies[0].Application with { OptionalServices = ["IMAP4Svc", "W3SVC", "pop3svc", "POP3Svc"] };

        Assert.Equal(["IMAP4Svc", "pop3svc"], app.UnprotectedOptionalServices());
        Assert.Equal(["IMAP4Svc", "POP3Svc", "MSExchangeMTA", "MSSEARCH"], TwoNode().Hierarchies[0].Application.UnprotectedOptionalServices());
    }
}
