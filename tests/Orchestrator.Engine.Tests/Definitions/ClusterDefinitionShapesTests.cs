using Orchestrator.Engine.Definitions;

namespace Orchestrator.Engine.Tests.Definitions;

/// <summary>The keys of S7, S21 and S23 read from YAML with their positions; S3 refused and S6 warned about from a file.</summary>
public class ClusterDefinitionShapesTests
{
    private const string Declared = """
        cluster: c1
        nodes:
          - name: node1
            address: 10.0.0.11/24
            routing-group: RG-East
          - name: node2
            address: 10.0.1.12/24
            routing-group: RG-West
        paths:
          - between: [node1, node2]
        public-folder-owners: [node1, node2]
        hierarchies:
          - name: exch1
            application:
              name: EXCH1
              services: [MSExchangeIS, IMAP4Svc]
              optional-services: [IMAP4Svc, POP3Svc]
            ip: 10.0.0.100/24
            dns:
              - type: A
                name: mail.example.com
            priorities:
              node1: 1
              node2: 10
        """;

    [Fact]
    public void Parse_ReadsPrefixLengthsRoutingGroupsOwnersAndOptionalServices()
    {
        var result = ClusterDefinitionParser.ParseAndValidate(Declared);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors.Select(e => e.Format("c.yaml"))));
        var d = result.Definition!;
        Assert.Equal(("10.0.0.11", 24, "RG-East"), (d.Nodes[0].Address, d.Nodes[0].PrefixLength, d.Nodes[0].RoutingGroup));
        Assert.Equal("10.0.1.0/24", d.Nodes[1].Subnet!.ToString());
        Assert.Equal(["node1", "node2"], d.PublicFolderOwners.Select(o => o.Node));
        Assert.Equal(11, d.PublicFolderOwners[0].Location.Line);
        Assert.Equal(("10.0.0.100", 24), (d.Hierarchies[0].Address!.Address, d.Hierarchies[0].Address!.PrefixLength));
        Assert.Equal(["POP3Svc"], d.Hierarchies[0].Application.UnprotectedOptionalServices());
    }

    [Fact]
    public void ParseAndValidate_RefusesAnUnknownOwner_AndAMalformedPrefix_WithTheirLines()
    {
        var yaml = Declared.Replace("public-folder-owners: [node1, node2]", "public-folder-owners: [node1, node7]", StringComparison.Ordinal)
            .Replace("ip: 10.0.0.100/24", "ip: 10.0.0.100/x", StringComparison.Ordinal);

        var result = ClusterDefinitionParser.ParseAndValidate(yaml);

        Assert.Null(result.Definition);
        Assert.Contains(result.Errors, e => e.Location.Line == 11 && e.Message.Contains("'node7'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Location.Line == 18 && e.Message.Contains("prefix length 'x'", StringComparison.Ordinal));
    }

    [Fact]
    public void ParseAndValidate_RefusesTheIpAcrossSubnets_WithoutDns()
    {
        var withoutDns = Declared.Replace("    dns:\n      - type: A\n        name: mail.example.com\n", "", StringComparison.Ordinal);

        var result = ClusterDefinitionParser.ParseAndValidate(withoutDns);

        var error = Assert.Single(result.Errors);
        Assert.Equal(18, error.Location.Line);
        Assert.Contains("not in the subnet of node 'node2' (10.0.1.0/24)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseAndValidate_AcceptsADefinitionWithoutPriority1_AndReturnsTheWarningApart()
    {
        var result = ClusterDefinitionParser.ParseAndValidate(Declared.Replace("      node1: 1\n", "      node1: 5\n", StringComparison.Ordinal));

        Assert.True(result.Succeeded);
        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(23, warning.Location.Line);
        Assert.StartsWith("c.yaml:23:7: warning: Hierarchy 'exch1' has no node at priority 1", warning.Format("c.yaml"), StringComparison.Ordinal);
    }
}
