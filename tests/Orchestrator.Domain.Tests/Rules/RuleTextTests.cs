using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Tests.Rules;

public class RuleTextTests
{
    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(30, "30 s")]
    [InlineData(60, "1 min")]
    [InlineData(303, "5 min 3 s")]
    [InlineData(3600, "1 h")]
    [InlineData(5400, "1 h 30 min")]
    [InlineData(90061, "1 d 1 h 1 min 1 s")]
    [InlineData(-30, "-30 s")]
    public void Duration_WritesASpanInWords(int seconds, string expected)
    {
        Assert.Equal(expected, RuleText.Duration(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Instant_WritesUtcToTheSecond_WhateverTheOffset()
    {
        Assert.Equal("2025-03-01 11:00:00Z", RuleText.Instant(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.FromHours(1))));
    }

    [Theory]
    [InlineData(new string[0], "")]
    [InlineData(new[] { "a" }, "a")]
    [InlineData(new[] { "a", "b" }, "a and b")]
    [InlineData(new[] { "a", "b", "c" }, "a, b and c")]
    public void List_JoinsClausesWithAndBeforeTheLast(string[] items, string expected)
    {
        Assert.Equal(expected, RuleText.List(items));
    }
}
