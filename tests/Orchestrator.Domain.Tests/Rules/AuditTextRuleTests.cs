using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Tests.Rules;

public class AuditTextRuleTests
{
    [Theory]
    [InlineData("\u001b[2J", 1, "001B")]
    [InlineData("line one\nline two", 9, "000A")]
    [InlineData("tab\there", 4, "0009")]
    [InlineData("bell\u0007", 5, "0007")]
    [InlineData("del\u007f", 4, "007F")]
    [InlineData("csi\u009b2J", 4, "009B")]
    [InlineData("anna\u202Eevil", 5, "202E")]
    [InlineData("isolate\u2066x", 8, "2066")]
    public void Problem_NamesTheOptionAndTheFirstControlCharacter(string text, int position, string code)
    {
        var problem = AuditTextRule.Problem("--reason", text);

        Assert.NotNull(problem);
        Assert.StartsWith("--reason contains a control character", problem, StringComparison.Ordinal);
        Assert.Contains($"U+{code} at position {position}", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(text, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("anna")]
    [InlineData("node1 lost power (ticket 4711) — Ünïcode, 日本語, emoji 🚒")]
    public void Problem_IsNull_ForPlainText(string? text)
    {
        Assert.Null(AuditTextRule.Problem("--actor", text));
    }
}
