using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Validation;
using static Orchestrator.Domain.Tests.Validation.TestCluster;

namespace Orchestrator.Domain.Tests.Validation;

public class ClusterValidatorSettingsTests
{
    public static TheoryData<string, Func<ClusterSettings, int, ClusterSettings>> TimingSettings => new()
    {
        { "monitor-interval", (s, v) => s with { MonitorIntervalSeconds = v } },
        { "failure-threshold", (s, v) => s with { FailureThreshold = v } },
        { "failback-stabilisation", (s, v) => s with { FailbackStabilisationSeconds = v } },
        { "failover-block", (s, v) => s with { FailoverBlockSeconds = v } },
    };

    [Fact]
    public void Defaults_AreFiveSecondChecks_ThreeFailures_FiveMinutesStabilisation_AndAnHourBlock()
    {
        var s = ClusterSettings.Defaults;

        Assert.Equal((5, 3, 300, 3600), (s.MonitorIntervalSeconds, s.FailureThreshold, s.FailbackStabilisationSeconds, s.FailoverBlockSeconds));
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)), (s.MonitorInterval, s.FailbackStabilisation, s.FailoverBlock));
    }

    [Fact]
    public void Validate_AcceptsTheDefaultTimingSettings()
    {
        Assert.Empty(ClusterValidator.Validate(TwoNode()));
    }

    [Theory]
    [MemberData(nameof(TimingSettings))]
    public void Validate_ReportsATimingSettingBelowOne_AtTheSettings_NamingTheKeyAndTheFix(string key, Func<ClusterSettings, int, ClusterSettings> set)
    {
        foreach (var value in new[] { 0, -1, int.MinValue })
        {
            var d = TwoNode();
            var error = Assert.Single(ClusterValidator.Validate(d with { Settings = set(d.Settings, value) }));

            Assert.Equal(new SourceLocation(2, 3), error.Location);
            Assert.Contains($"({key}) is {value}; it must be at least 1", error.Message);
            Assert.Contains($"Set settings {key} to a whole number of at least 1", error.Fix);
        }
    }

    [Theory]
    [MemberData(nameof(TimingSettings))]
    public void Validate_AcceptsATimingSettingOfOneOrMore(string key, Func<ClusterSettings, int, ClusterSettings> set)
    {
        foreach (var value in new[] { 1, 2, int.MaxValue })
        {
            var d = TwoNode();
            Assert.True(ClusterValidator.Validate(d with { Settings = set(d.Settings, value) }).Count == 0, $"{key}: {value} was refused");
        }
    }

    [Fact]
    public void Validate_ReportsEveryBadTimingSetting_AtTheClusterLine_WhenTheSettingsHaveNoPosition()
    {
        var d = TwoNode();
        var settings = ClusterSettings.Defaults with { MonitorIntervalSeconds = 0, FailureThreshold = 0, FailbackStabilisationSeconds = 0, FailoverBlockSeconds = 0 };

        var errors = ClusterValidator.Validate(d with { Settings = settings });

        Assert.Equal(4, errors.Count);
        Assert.All(errors, e => Assert.Equal(d.Location, e.Location));
    }
}
