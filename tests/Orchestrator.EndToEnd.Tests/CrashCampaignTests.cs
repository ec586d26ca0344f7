using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>The crash campaigns' default budget takes a third of the points, and three offsets take them all.</summary>
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
    public void The_default_budget_takes_a_third_with_the_first_the_last_and_both_kinds(int offset)
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
    public void Three_days_of_samples_take_every_point()
    {
        var taken = Enumerable.Range(0, CrashCampaign.Stride).SelectMany(o => Names(CrashCampaign.Sample(Points, full: false, o))).ToHashSet();

        Assert.Equal(Names(Points).ToHashSet(), taken);
    }

    private static List<string> Names(TheoryData<string> data) => ((IEnumerable<object[]>)data).Select(r => (string)r[0]).ToList();
}
