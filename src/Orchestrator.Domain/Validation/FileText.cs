using System.Globalization;
using System.Text;

namespace Orchestrator.Domain.Validation;

/// <summary>
/// Renders text taken from a file or a command line (a key, a name, a value) for a message: quoted, every control
/// character, line or paragraph separator written as an escape (<c>\n</c>, <c>\x1B</c>, <c>\u2028</c>), and cut after
/// <see cref="MaxShown"/> characters — so a message stays one line that the text cannot forge, end or flood.
/// </summary>
public static class FileText
{
    /// <summary>The most characters of the text a message shows; the rest is summarised by its length.</summary>
    public const int MaxShown = 80;

    /// <summary>The text between single quotes, escaped and cut (see <see cref="FileText"/>); "(unnamed)" for null.</summary>
    public static string Quote(string? text) => text is null ? "(unnamed)" : $"'{Escape(text)}'";

    /// <summary>The text escaped and cut, without quotes.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var shown = text.Length > MaxShown ? text[..MaxShown] : text;
        var builder = new StringBuilder(shown.Length + 16);
        foreach (var c in shown)
            Append(builder, c);
        if (text.Length > MaxShown)
            builder.Append(CultureInfo.InvariantCulture, $"… ({text.Length} characters)");
        return builder.ToString();
    }

    /// <summary>
    /// A whole message (already composed) with any control character or line separator escaped, not cut: the last guard
    /// that one message prints as one line.
    /// </summary>
    public static string OneLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.Any(NeedsEscape))
            return message;
        var builder = new StringBuilder(message.Length + 16);
        foreach (var c in message)
            Append(builder, c);
        return builder.ToString();
    }

    /// <summary>Whether <paramref name="c"/> would break a one-line message: a control character or a line or paragraph separator.</summary>
    public static bool NeedsEscape(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    private static void Append(StringBuilder builder, char c)
    {
        switch (c)
        {
            case '\n': builder.Append("\\n"); break;
            case '\r': builder.Append("\\r"); break;
            case '\t': builder.Append("\\t"); break;
            case '\0': builder.Append("\\0"); break;
            case var _ when c < 0x100 && NeedsEscape(c): builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}"); break;
            case var _ when NeedsEscape(c): builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"); break;
            default: builder.Append(c); break;
        }
    }
}
