using Orchestrator.Domain.Validation;

namespace Orchestrator.Domain.Tests.Validation;

public sealed class FileTextTests
{
    [Theory]
    [InlineData("node1", "'node1'")]
    [InlineData("a\nb", "'a\\nb'")]
    [InlineData("a\r\nb\tc", "'a\\r\\nb\\tc'")]
    [InlineData("\u001b[2J", "'\\x1B[2J'")]
    [InlineData("\u0085\u2028\u2029", "'\\x85\\u2028\\u2029'")]
    [InlineData("\0", "'\\0'")]
    public void Quote_escapes_every_character_that_could_break_or_forge_a_line(string text, string quoted) =>
        Assert.Equal(quoted, FileText.Quote(text));

    [Fact]
    public void Quote_cuts_a_long_text_and_says_how_long_it_was()
    {
        var quoted = FileText.Quote(new string('x', 1_000_000));

        Assert.Equal($"'{new string('x', FileText.MaxShown)}… (1000000 characters)'", quoted);
    }

    [Fact]
    public void OneLine_keeps_a_message_whole_but_escapes_its_line_breaks() =>
        Assert.Equal("f:1:1: a\\nf:2:2: b", FileText.OneLine("f:1:1: a\nf:2:2: b"));
}
