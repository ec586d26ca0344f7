using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Definitions;

namespace Orchestrator.Engine.Tests.Definitions;

public class ClusterDefinitionSettingsTests
{
    private const string Body = """
        nodes:
          - name: node1
          - name: node2
        paths:
          - between: [node1, node2]
        hierarchies:
          - name: exch1
            application:
              name: EXCH1
              services: [MSExchangeIS]
            priorities:
              node1: 1
              node2: 10
        """;

    /// <summary>A definition whose settings (from line 2) are the given lines.</summary>
    private static string WithSettings(params string[] lines) =>
        "cluster: c1\nsettings:\n" + string.Concat(lines.Select(l => $"  {l}\n")) + Body;

    [Fact]
    public void Parse_ReadsTheMonitorTimingSettings()
    {
        var result = ClusterDefinitionParser.ParseAndValidate(WithSettings(
            "monitor-interval: 10", "failure-threshold: 5", "failback-stabilisation: 600", "failover-block: 7200"));

        Assert.Empty(result.Errors);
        var s = result.Definition!.Settings;
        Assert.Equal((10, 5, 600, 7200), (s.MonitorIntervalSeconds, s.FailureThreshold, s.FailbackStabilisationSeconds, s.FailoverBlockSeconds));
    }

    [Fact]
    public void Parse_UsesTheDefaultTimings_ForKeysThatAreLeftOut()
    {
        var s = ClusterDefinitionParser.ParseAndValidate(WithSettings("maxwait: 600")).Definition!.Settings;

        Assert.Equal(ClusterSettings.Defaults with { MaxWaitSeconds = 600, Location = s.Location, KeyLocations = s.KeyLocations }, s);
    }

    [Theory]
    [InlineData("monitor-interval")]
    [InlineData("failure-threshold")]
    [InlineData("failback-stabilisation")]
    [InlineData("failover-block")]
    public void Parse_ReportsATimingThatIsNotAWholeNumber_AtItsValue(string key)
    {
        var result = ClusterDefinitionParser.Parse(WithSettings("maxwait: 600", $"{key}: 5m"));

        Assert.Null(result.Definition);
        var error = Assert.Single(result.Errors);
        Assert.Equal(new SourceLocation(4, 3 + key.Length + 2), error.Location);
        Assert.Contains($"'{key}' of settings must be a whole number, not '5m'", error.Message);
    }

    [Theory]
    [InlineData("monitor-interval", "0")]
    [InlineData("failure-threshold", "-1")]
    [InlineData("failback-stabilisation", "0")]
    [InlineData("failover-block", "-3600")]
    public void ParseAndValidate_ReportsATimingBelowOne_AtItsValue(string key, string value)
    {
        var result = ClusterDefinitionParser.ParseAndValidate(WithSettings($"{key}: {value}"));

        var error = Assert.Single(result.Errors);
        Assert.Equal(new SourceLocation(3, 3 + key.Length + 2), error.Location);
        Assert.StartsWith($"c.yaml:3:{3 + key.Length + 2}: The cluster ", ClusterDefinitionParser.Format("c.yaml", result.Errors));
        Assert.Contains($"({key}) is {value}; it must be at least 1", error.Message);
    }

    [Fact]
    public void Parse_SuggestsTheSpelledKey_ForTheAmericanSpellingOfStabilisation()
    {
        var error = Assert.Single(ClusterDefinitionParser.Parse(WithSettings("failback-stabilization: 300")).Errors);

        Assert.Equal(new SourceLocation(3, 3), error.Location);
        Assert.Contains("Did you mean 'failback-stabilisation'?", error.Fix);
        Assert.Contains("monitor-interval, failure-threshold, failback-stabilisation, failover-block", error.Fix);
    }

    [Fact]
    public void TheTwoNodeSample_DocumentsTheTimingKeys_WithTheirDefaults_InCommentsThatParseWhenUncommented()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "Orchestrator.sln")))
            dir = dir.Parent;
        var text = File.ReadAllText(Path.Combine(dir.FullName, "workflows", "samples", "two-node.yaml")).ReplaceLineEndings("\n");
        string[] keys = ["monitor-interval: 5", "failure-threshold: 3", "failback-stabilisation: 300", "failover-block: 3600"];
        foreach (var key in keys)
        {
            Assert.Contains($"  # {key}\n", text);
            text = text.Replace($"  # {key}\n", $"  {key}\n", StringComparison.Ordinal);
        }

        var result = ClusterDefinitionParser.ParseAndValidate(text);

        Assert.Empty(result.Errors);
        var s = result.Definition!.Settings;
        var d = ClusterSettings.Defaults;
        Assert.Equal((d.MonitorIntervalSeconds, d.FailureThreshold, d.FailbackStabilisationSeconds, d.FailoverBlockSeconds),
            (s.MonitorIntervalSeconds, s.FailureThreshold, s.FailbackStabilisationSeconds, s.FailoverBlockSeconds));
    }
}
