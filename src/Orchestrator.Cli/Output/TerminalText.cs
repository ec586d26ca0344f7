using System.Globalization;
using System.Text;
using Orchestrator.Domain.Rules;

namespace Orchestrator.Cli.Output;

/// <summary>
/// Stored text on its way to a terminal: every character <see cref="AuditTextRule.IsUnsafe"/> names (control
/// characters, bidirectional overrides) is written as a visible escape — ESC as <c>\x1b</c>, a newline as <c>\n</c>,
/// U+202E as <c>\u202e</c> — so a row written by an older version, or straight into the database, cannot clear the
/// screen or set the title. Every table and plain-text line that prints stored text goes through here; --json needs
/// nothing (JSON escapes control characters itself).
/// </summary>
public static class TerminalText
{
    /// <summary>The text with unsafe characters escaped, for plain output (Console.Out).</summary>
    public static string Plain(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(AuditTextRule.IsUnsafe))
        {
            return text ?? "";
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (!AuditTextRule.IsUnsafe(c))
            {
                escaped.Append(c);
                continue;
            }

            escaped.Append(c switch
            {
                '\n' => @"\n",
                '\r' => @"\r",
                '\t' => @"\t",
                < '\u0100' => @"\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                _ => @"\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
            });
        }

        return escaped.ToString();
    }

    /// <summary>The text escaped for Spectre.Console markup as well: what a table cell or a markup line shows.</summary>
    public static string Markup(string? text) => Spectre.Console.Markup.Escape(Plain(text));
}
