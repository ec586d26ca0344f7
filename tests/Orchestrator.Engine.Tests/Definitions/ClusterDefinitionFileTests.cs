using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Definitions;

namespace Orchestrator.Engine.Tests.Definitions;

public class ClusterDefinitionFileTests
{
    private const string ManyMistakes = """
        cluster: broken
        settings:
          maxwait: 0
        nodes:
          - name: node1
          - name: node2
          - name: node3
            spare: true
        paths:
          - between: [node1, node2]
        hierarchies:
          - name: exch1
            mode: active-active
            application:
              name: EXCH1
              services:
                - name: Microsoft Exchange Information Store
                - name: SMTPSVC
                  maxwait: x
            prority: 3
            dns:
              - type: CNAME
                name: mail.example.com
            priorities:
              node1: 1
              node3: 1
              node1: 5
              node9: 10
        """;

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Orchestrator.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Sample(string name) => Path.Combine(RepositoryRoot(), "workflows", "samples", name);

    [Theory]
    [InlineData("two-node.yaml")]
    [InlineData("cascading-3.yaml")]
    [InlineData("n-plus-1.yaml")]
    public void ParseFile_ValidatesTheSampleWithoutErrors(string sample)
    {
        var result = ClusterDefinitionParser.ParseFile(Sample(sample));

        Assert.Empty(result.Errors);
        Assert.NotNull(result.Definition);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void ParseFile_ReadsTheTwoNodeSample()
    {
        var d = ClusterDefinitionParser.ParseFile(Sample("two-node.yaml")).Definition!;

        Assert.Equal(["node1", "node2"], d.Nodes.Select(n => n.Name));
        var h = Assert.Single(d.Hierarchies);
        Assert.Equal("exch1", h.Name);
        Assert.Equal(["RESvc", "MSExchangeSA", "MSExchangeIS", "SMTPSVC", "W3SVC"], h.Application.Services.Select(s => s.Name));
        Assert.Equal([("E", "database"), ("F", "logs"), ("G", "smtp-queue")], h.Volumes.Select(v => (v.Name, v.Role)));
        Assert.Equal("A", Assert.Single(h.Dns).Type);
        Assert.NotNull(h.Address);
        Assert.Equal("node1", h.PrimaryNode);
        Assert.Equal(10, h.PriorityOf("node2"));
    }

    [Fact]
    public void ParseFile_ReadsTheCascadingSample_WithThreeNodesInPriorityOrder()
    {
        var d = ClusterDefinitionParser.ParseFile(Sample("cascading-3.yaml")).Definition!;

        Assert.Equal(3, d.Paths.Count);
        Assert.Equal([("node1", 1), ("node2", 10), ("node3", 20)], d.Hierarchies[0].Priorities.Select(p => (p.Node, p.Priority)));
    }

    [Fact]
    public void ParseFile_ReadsTheNPlusOneSample_WithOneSpareBackingThreePrimaries()
    {
        var d = ClusterDefinitionParser.ParseFile(Sample("n-plus-1.yaml")).Definition!;

        Assert.True(d.Settings.NPlusOne);
        Assert.Equal("node4", Assert.Single(d.Nodes, n => n.Spare).Name);
        Assert.Equal(["node1", "node2", "node3"], d.Hierarchies.Select(h => h.PrimaryNode));
        Assert.All(d.Hierarchies, h => Assert.Equal(10, h.PriorityOf("node4")));
        Assert.Equal(9, d.Hierarchies.SelectMany(h => h.Volumes).Select(v => v.Name).Distinct().Count());
    }

    [Fact]
    public void ParseFile_ReportsAMissingFile_AtZeroZero()
    {
        var result = ClusterDefinitionParser.ParseFile(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "missing.yaml"));

        Assert.Null(result.Definition);
        var error = Assert.Single(result.Errors);
        Assert.Equal(SourceLocation.Unknown, error.Location);
        Assert.StartsWith("cluster definition file not found", error.Message);
    }

    [Fact]
    public void ParseFile_ReportsEveryErrorAtOnce_ParseAndValidationTogether_WithTheirLines()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cluster-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, ManyMistakes);
        try
        {
            var result = ClusterDefinitionParser.ParseFile(file);

            Assert.Null(result.Definition);
            var expected = new (int Line, string Text)[]
            {
                (3, "MAXWAIT 0"),
                (7, "'node3' is marked spare, but the cluster is not N+1"),
                (13, "mode 'active-active'"),
                (17, "'Microsoft Exchange Information Store'"),
                (19, "'maxwait' of service 'SMTPSVC' of hierarchy 'exch1' must be a whole number, not 'x'"),
                (20, "Unknown key 'prority'"),
                (22, "type 'CNAME'"),
                (26, "Priority 1 is used twice"),
                (26, "'node1' and 'node3' share hierarchy 'exch1' but have no communication path"),
                (27, "'node1' is listed twice in the priorities"),
                (28, "unknown node 'node9'"),
            };
            Assert.Equal(expected.Length, result.Errors.Count);
            foreach (var (error, (line, text)) in result.Errors.Zip(expected))
            {
                Assert.Equal(line, error.Location.Line);
                Assert.Contains(text, error.Message);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void ParseAndValidate_ReportsAMissingKeyOnce_NotAgainAsAValidationError()
    {
        var yaml = """
            cluster: c1
            nodes:
              - name: node1
            hierarchies:
              - name: exch1
                application:
                  name: EXCH1
                  services: [MSExchangeIS]
            """;

        var error = Assert.Single(ClusterDefinitionParser.ParseAndValidate(yaml).Errors);

        Assert.Equal(new SourceLocation(5, 5), error.Location);
        Assert.Contains("missing the required key 'priorities'", error.Message);
    }

    [Fact]
    public void ParseAndValidate_ReportsMalformedYaml_AsASingleSyntaxError()
    {
        var result = ClusterDefinitionParser.ParseAndValidate("nodes:\n  - name: [oops\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Location.Line);
        Assert.StartsWith("YAML syntax error", error.Message);
    }
}
