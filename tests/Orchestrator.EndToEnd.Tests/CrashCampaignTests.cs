using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// The crash campaigns' default budget takes a sixth of the points, and six offsets take them all; on PostgreSQL a
/// thirteenth of the failback's (4–6 points with the request, an effect and a commit), and thirteen offsets take them all.
/// </summary>
public sealed class CrashCampaignTests
{
    private static readonly TheoryData<string> Points = FailbackScenario.CrashPoints(1, FailbackScenario.FailbackSteps);

    [Fact]
    public void The_full_budget_takes_every_point()
    {
        Assert.Equal(Names(Points), Names(CrashCampaign.Sample(Points, full: true, offset: 1)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void The_default_budget_takes_a_sixth_with_the_first_the_last_and_both_kinds(int offset)
    {
        var all = Names(Points);
        var sample = Names(CrashCampaign.Sample(Points, full: false, offset));

        Assert.InRange(sample.Count, all.Count / CrashCampaign.Stride, (all.Count / CrashCampaign.Stride) + 4);
        Assert.Equal(all[0], sample[0]);
        Assert.Equal(all[^1], sample[^1]);
        Assert.Contains(sample, p => p.StartsWith("after-effect-", StringComparison.Ordinal));
        Assert.Contains(sample, p => p.StartsWith("after-commit-", StringComparison.Ordinal));
        Assert.Equal(all.Where(sample.Contains), sample); // in the campaign's order
    }

    [Fact]
    public void Six_days_of_samples_take_every_point()
    {
        var taken = Enumerable.Range(0, CrashCampaign.Stride).SelectMany(o => Names(CrashCampaign.Sample(Points, full: false, o))).ToHashSet();

        Assert.Equal(Names(Points).ToHashSet(), taken);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    public void The_default_budget_on_PostgreSQL_takes_four_to_six_failback_points_with_the_request_an_effect_and_a_commit(int offset)
    {
        var sample = Names(CrashCampaign.Sample(Points, full: false, offset, CrashCampaign.PostgresStride));

        Assert.InRange(sample.Count, 4, 6);
        Assert.Contains("after-create", sample);
        Assert.Contains(sample, p => p.StartsWith("after-effect-", StringComparison.Ordinal));
        Assert.Contains(sample, p => p.StartsWith("after-commit-", StringComparison.Ordinal));
    }

    [Fact]
    public void Thirteen_days_of_PostgreSQL_samples_take_every_point_and_each_failback_class_takes_its_own_share()
    {
        var days = Enumerable.Range(0, CrashCampaign.PostgresStride)
            .Select(o => CrashCampaign.Sample(Points, full: false, o, CrashCampaign.PostgresStride)).ToList();

        Assert.Equal(Names(Points).ToHashSet(), days.SelectMany(Names).ToHashSet());
        foreach (var day in days)
        {
            var first = Names(CrashCampaign.Within(day, FailbackCrashRecoveryTests.CrashPoints()));
            var second = Names(CrashCampaign.Within(day, FailbackCrashRecoveryBackInServiceTests.CrashPoints()));
            Assert.Equal(Names(day), first.Concat(second));
        }
    }

    private static List<string> Names(TheoryData<string> data) => ((IEnumerable<object[]>)data).Select(r => (string)r[0]).ToList();
}
