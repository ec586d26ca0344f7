using Orchestrator.Domain.Validation;

namespace Orchestrator.Domain.Tests.Validation;

public sealed class NameRuleTests
{
    [Theory]
    [InlineData("node1")]
    [InlineData("exch1")]
    [InlineData("EXCH1")]
    [InlineData("MSExchangeIS")]
    [InlineData("exchange-two-node")]
    [InlineData("bench-scale-1000")]
    [InlineData("mail.example.com")]
    [InlineData("node_2")]
    [InlineData("1st")]
    public void Names_the_samples_and_tests_use_keep_the_rule(string name) => Assert.Null(NameRule.Problem(name));

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("node\n1", "contains '\\n'")]
    [InlineData("node\u001b1", "contains '\\x1B'")]
    [InlineData("node\u00001", "contains '\\0'")]
    [InlineData("node\u00071", "contains '\\x07'")]
    [InlineData("node 1", "contains ' '")]
    [InlineData("node/1", "contains '/'")]
    [InlineData("nöde", "contains 'ö'")]
    [InlineData("-node", "starts with '-'")]
    [InlineData(".node", "starts with '.'")]
    public void A_name_with_a_character_outside_the_rule_is_refused_naming_it(string name, string problem) =>
        Assert.Equal(problem, NameRule.Problem(name));

    [Fact]
    public void A_name_of_64_characters_keeps_the_rule_and_one_of_65_does_not() =>
        Assert.Equal((null, "is 65 characters long (at most 64)"), (NameRule.Problem(new string('a', 64)), NameRule.Problem(new string('a', 65))));

    [Fact]
    public void A_huge_name_is_refused_by_its_length_before_its_characters_are_read() =>
        Assert.Equal("is 10000000 characters long (at most 64)", NameRule.Problem(new string('\n', 10_000_000)));
}
