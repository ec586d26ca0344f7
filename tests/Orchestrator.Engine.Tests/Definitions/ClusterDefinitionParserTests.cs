using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Validation;
using Orchestrator.Engine.Definitions;

namespace Orchestrator.Engine.Tests.Definitions;

public class ClusterDefinitionParserTests
{
    private const string Minimal = """
        cluster: c1
        nodes:
          - name: node1
            address: 10.0.0.11
          - name: node2
        paths:
          - between: [node1, node2]
        hierarchies:
          - name: exch1
            application:
              name: EXCH1
              services:
                - name: MSExchangeIS
                  maxwait: 1200
                - SMTPSVC
            priorities:
              node1: 1
              node2: 10
        """;

    private static ValidationError SingleError(string yaml) => Assert.Single(ClusterDefinitionParser.Parse(yaml).Errors);

    /// <summary>The minimal definition with one piece of text replaced (which must be there, so a test cannot pass vacuously).</summary>
    private static string Edit(string original, string replacement)
    {
        Assert.Contains(original, Minimal);
        return Minimal.Replace(original, replacement);
    }

    [Fact]
    public void Parse_ReadsAMinimalDefinition_WithDefaults()
    {
        var result = ClusterDefinitionParser.Parse(Minimal);

        Assert.Empty(result.Errors);
        var d = Assert.IsType<ClusterDefinition>(result.Definition);
        Assert.Equal("c1", d.Name);
        Assert.Equal(ClusterSettings.Defaults, d.Settings);
        Assert.Equal(["node1", "node2"], d.Nodes.Select(n => n.Name));
        Assert.Equal("10.0.0.11", d.Nodes[0].Address);
        Assert.Null(d.Nodes[1].Address);
        Assert.Equal("tcp", Assert.Single(d.Paths).Kind);
        var h = Assert.Single(d.Hierarchies);
        Assert.Equal(HierarchyDefinition.ActiveStandby, h.Mode);
        Assert.Equal([("MSExchangeIS", (int?)1200), ("SMTPSVC", null)], h.Application.Services.Select(s => (s.Name, s.MaxWaitSeconds)));
        Assert.Equal(ApplicationResource.DefaultShares("EXCH1"), h.Application.Shares);
        Assert.Equal([("node1", 1), ("node2", 10)], h.Priorities.Select(p => (p.Node, p.Priority)));
        Assert.Null(h.Address);
        Assert.Empty(h.Volumes);
    }

    [Fact]
    public void Parse_KeepsTheLineAndColumnOfEveryElement()
    {
        var d = ClusterDefinitionParser.Parse(Minimal).Definition!;
        var h = d.Hierarchies[0];

        Assert.Equal(new SourceLocation(1, 1), d.Location);
        Assert.Equal(new SourceLocation(3, 5), d.Nodes[0].Location);
        Assert.Equal(new SourceLocation(5, 5), d.Nodes[1].Location);
        Assert.Equal(new SourceLocation(7, 5), d.Paths[0].Location);
        Assert.Equal(new SourceLocation(9, 5), h.Location);
        Assert.Equal(new SourceLocation(11, 7), h.Application.Location);
        Assert.Equal(new SourceLocation(13, 11), h.Application.Services[0].Location);
        Assert.Equal(new SourceLocation(15, 11), h.Application.Services[1].Location);
        Assert.Equal(new SourceLocation(17, 7), h.Priorities[0].Location);
        Assert.Equal(new SourceLocation(18, 7), h.Priorities[1].Location);
    }

    [Fact]
    public void Parse_ReadsSettingsSharesVolumesAddressAndDns()
    {
        var yaml = Edit("nodes:", """
            settings:
              maxwait: 600
              update-replica-list: true
              automatic-failover: false
              switchback: automatic
            nodes:
            """).Replace("    priorities:", """
                  shares: [Address, Extra$]
                volumes:
                  - name: E
                    role: database
                ip: 10.0.0.100
                dns:
                  - type: PTR
                    name: 100.0.0.10.in-addr.arpa
                priorities:
            """);

        var d = ClusterDefinitionParser.Parse(yaml).Definition!;

        Assert.Equal((600, true, false, SwitchbackType.Automatic, false),
            (d.Settings.MaxWaitSeconds, d.Settings.UpdateReplicaList, d.Settings.AutomaticFailover, d.Settings.Switchback, d.Settings.NPlusOne));
        Assert.Equal(new SourceLocation(3, 3), d.Settings.Location);
        var h = d.Hierarchies[0];
        Assert.Equal(["Address", "Extra$"], h.Application.Shares);
        Assert.Equal(("E", "database"), (h.Volumes[0].Name, h.Volumes[0].Role));
        Assert.Equal("10.0.0.100", h.Address!.Address);
        Assert.Equal(25, h.Address.Location.Line);
        Assert.Equal(("PTR", "100.0.0.10.in-addr.arpa"), (h.Dns[0].Type, h.Dns[0].Name));
    }

    [Fact]
    public void Parse_ReportsAnUnknownKey_NamingItAndTheAllowedKeys()
    {
        var error = SingleError(Edit("    priorities:", "    prority: {}\n    priorities:"));

        Assert.Equal(new SourceLocation(16, 5), error.Location);
        Assert.Contains("Unknown key 'prority' in hierarchy 'exch1'", error.Message);
        Assert.Contains("Did you mean 'priorities'?", error.Fix);
        Assert.Contains("name, mode, application, volumes, ip, dns, priorities", error.Fix);
    }

    [Theory]
    [InlineData("      node2: 10", "      node2: abc", 18, "Priority of node 'node2' in hierarchy 'exch1' must be a whole number")]
    [InlineData("          maxwait: 1200", "          maxwait: x", 14, "'maxwait' of service 'MSExchangeIS' of hierarchy 'exch1' must be a whole number, not 'x'")]
    [InlineData("    address: 10.0.0.11", "    spare: maybe", 4, "'spare' of node 'node1' must be true or false, not 'maybe'")]
    [InlineData("cluster: c1", "cluster: c1\nsettings:\n  n-plus-1: 2", 3, "'n-plus-1' of settings must be true or false")]
    [InlineData("cluster: c1", "cluster: c1\nsettings:\n  switchback: never", 3, "must be intelligent or automatic, not 'never'")]
    [InlineData("  - between: [node1, node2]", "  - between: [node1]", 7, "must name exactly two nodes")]
    [InlineData("  - name: node2", "  - name: [node2]", 5, "'name' of node #2 must be a single value, not a list")]
    public void Parse_ReportsAValueOfTheWrongType_WithItsLine(string original, string replacement, int line, string message)
    {
        var result = ClusterDefinitionParser.Parse(Edit(original, replacement));

        Assert.Null(result.Definition);
        var error = Assert.Single(result.Errors, e => e.Message.Contains(message));
        Assert.Equal(line, error.Location.Line);
    }

    [Theory]
    [InlineData("cluster: c1\n", "", 1, "missing the required key 'cluster'")]
    [InlineData("nodes:\n  - name: node1\n    address: 10.0.0.11\n  - name: node2\n", "", 1, "missing the required key 'nodes'")]
    [InlineData("  - name: exch1\n", "  - mode: active-standby\n", 9, "Hierarchy #1 is missing the required key 'name'")]
    [InlineData("      services:\n", "      services-list:\n", 11, "missing the required key 'services'")]
    [InlineData("    priorities:\n      node1: 1\n      node2: 10", "", 9, "Hierarchy 'exch1' is missing the required key 'priorities'")]
    [InlineData("hierarchies:", "other:", 1, "missing the required key 'hierarchies'")]
    public void Parse_ReportsAMissingRequiredKey(string original, string replacement, int line, string message)
    {
        var result = ClusterDefinitionParser.Parse(Edit(original, replacement));

        var error = Assert.Single(result.Errors, e => e.Message.Contains(message));
        Assert.Equal(line, error.Location.Line);
        Assert.Null(result.Definition);
    }

    [Fact]
    public void Parse_ReportsANodeListedTwiceUnderPriorities_InsteadOfThrowing()
    {
        var error = SingleError(Minimal + "\n      node1: 20");

        Assert.Equal(new SourceLocation(19, 7), error.Location);
        Assert.Contains("Node 'node1' is listed twice in the priorities of hierarchy 'exch1'", error.Message);
    }

    [Fact]
    public void Parse_ReportsADuplicateKey_AtTheSecondOccurrence()
    {
        var error = SingleError(Edit("    address: 10.0.0.11", "    address: 10.0.0.11\n    address: 10.0.0.12"));

        Assert.Equal(new SourceLocation(5, 5), error.Location);
        Assert.Contains("Key 'address' appears twice in node 'node1'", error.Message);
    }

    [Fact]
    public void Parse_ReportsMalformedYaml_WithALineNumber()
    {
        var result = ClusterDefinitionParser.Parse("nodes:\n  - name: [oops\n");

        Assert.Null(result.Definition);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("YAML syntax error: ", error.Message);
        Assert.DoesNotContain("(Line:", error.Message);
        Assert.InRange(error.Location.Line, 2, 3);
        Assert.Contains("YAML syntax", error.Fix);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void Parse_ReportsAnEmptyDefinition(string yaml)
    {
        Assert.Contains("empty", SingleError(yaml).Message);
    }

    [Fact]
    public void Parse_ReportsARootThatIsNotAMapping()
    {
        var error = SingleError("- node1\n- node2\n");

        Assert.Equal(1, error.Location.Line);
        Assert.Contains("must be a mapping", error.Message);
    }

    [Fact]
    public void Parse_ResolvesAnchorsAndAliases()
    {
        var yaml = Edit("      services:\n", "      services: &core\n") + """

              - name: exch2
                application:
                  name: EXCH2
                  services: *core
                priorities:
                  node2: 1
            """;

        var d = ClusterDefinitionParser.Parse(yaml).Definition!;

        Assert.Equal(["MSExchangeIS", "SMTPSVC"], d.Hierarchies[1].Application.Services.Select(s => s.Name));
    }

    [Fact]
    public void Format_WritesFileLineColumnMessageAndFix()
    {
        var errors = ClusterDefinitionParser.Parse(Edit("    priorities:", "    prority: {}\n    priorities:")).Errors;

        var text = ClusterDefinitionParser.Format("c.yaml", errors);

        Assert.StartsWith("c.yaml:16:5: Unknown key 'prority' in hierarchy 'exch1'. Fix: Did you mean 'priorities'?", text);
    }
}
