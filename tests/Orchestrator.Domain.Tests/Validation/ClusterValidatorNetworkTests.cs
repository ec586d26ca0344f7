using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Validation;
using static Orchestrator.Domain.Tests.Validation.TestCluster;

namespace Orchestrator.Domain.Tests.Validation;

/// <summary>S21 subnets of the switchable IP, S23 routing groups and the public-folder owner list, S7 optional services.</summary>
public class ClusterValidatorNetworkTests
{
    private static ClusterDefinition Addressed(string node1, string node2, bool dns, int? ipPrefix = null) =>
        TwoNode().WithHierarchy(h => h with
        {
            Address = new SwitchableAddress("10.0.0.100", At(26, 9)) { PrefixLength = ipPrefix },
            Dns = dns ? h.Dns : [],
        }) with
        {
            Nodes = [WithAddress(Node("node1", 5), node1), WithAddress(Node("node2", 7), node2)],
        };

    private static NodeDefinition WithAddress(NodeDefinition n, string text)
    {
        var parts = text.Split('/');
        return n with { Address = parts[0], PrefixLength = parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : null };
    }

    [Fact]
    public void Validate_RefusesASwitchableIpOutsideABackupsSubnet_WhenTheHierarchyHasNoDns()
    {
        var error = Assert.Single(ClusterValidator.Validate(Addressed("10.0.0.11/24", "10.0.1.12/24", dns: false)));

        Assert.Equal(26, error.Location.Line);
        Assert.Contains("Switchable IP 10.0.0.100 of hierarchy 'exch1' is not in the subnet of node 'node2' (10.0.1.0/24)", error.Message, StringComparison.Ordinal);
        Assert.Contains("(S21)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Add DNS redirection", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AcceptsABackupInAnotherSubnet_WhenTheHierarchyRedirectsByDns()
    {
        Assert.Empty(ClusterValidator.Validate(Addressed("10.0.0.11/24", "10.0.1.12/24", dns: true)));
    }

    [Theory]
    [InlineData("10.0.1.12", false)]      // no prefix: /24 assumed, another subnet
    [InlineData("10.0.1.12/16", true)]    // a /16 holds 10.0.0.100
    [InlineData("10.0.0.12", true)]
    public void Validate_TakesAnAddressWithoutPrefixLengthAsA24(string node2, bool accepted)
    {
        var errors = ClusterValidator.Validate(Addressed("10.0.0.11", node2, dns: false));

        Assert.Equal(accepted, errors.Count == 0);
    }

    [Fact]
    public void Validate_DoesNotJudgeTheSubnetOfANodeWithoutAnAddress()
    {
        var d = Addressed("10.0.0.11/24", "10.0.1.12/24", dns: false) with { Nodes = [Node("node1", 5), Node("node2", 7)] };

        Assert.Empty(ClusterValidator.Validate(d));
    }

    [Fact]
    public void Validate_RefusesAPrefixLengthOutOfRange()
    {
        var error = Assert.Single(ClusterValidator.Validate(Addressed("10.0.0.11/24", "10.0.0.12/24", dns: true, ipPrefix: 33)));

        Assert.Equal(26, error.Location.Line);
        Assert.Contains("'10.0.0.100/33'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RefusesAnUnknownNodeInThePublicFolderOwnerList_AtItsLine()
    {
        var d = TwoNode() with { PublicFolderOwners = [new PublicFolderOwner("node1", At(40)), new PublicFolderOwner("node9", At(41))] };

        var error = Assert.Single(ClusterValidator.Validate(d));

        Assert.Equal(41, error.Location.Line);
        Assert.Contains("unknown node 'node9'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RefusesTheSpareInThePublicFolderOwnerList()
    {
        var d = TwoNode() with
        {
            Settings = TwoNode().Settings with { NPlusOne = true },
            Nodes = [Node("node1", 5), Node("node2", 7, spare: true)],
            PublicFolderOwners = [new PublicFolderOwner("node2", At(40))],
        };

        var error = Assert.Single(ClusterValidator.Validate(d));

        Assert.Contains("no public-folder store (S4)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AcceptsRoutingGroupsAndKnownOwners()
    {
        var d = TwoNode() with
        {
            Nodes = [Node("node1", 5) with { RoutingGroup = "RG-East" }, Node("node2", 7) with { RoutingGroup = "RG-West" }],
            PublicFolderOwners = [new PublicFolderOwner("node1", At(40)), new PublicFolderOwner("node2", At(41))],
        };

        Assert.Empty(ClusterValidator.Validate(d));
    }

    [Fact]
    public void Validate_RefusesAnOptionalServiceWrittenAsADisplayName()
    {
        var d = TwoNode().WithHierarchy(h => h with { Application = h.Application with { OptionalServices = ["IMAP4Svc", "Microsoft Search"] } });

        var error = Assert.Single(ClusterValidator.Validate(d));

        Assert.Contains("'Microsoft Search'", error.Message, StringComparison.Ordinal);
    }
}
