using System.Globalization;

namespace Orchestrator.Domain.Rules;

/// <summary>
/// Issue 15: what an operator may write into the audit journal as an actor or a reason. Free text, but no control
/// character (C0, DEL, C1: an ESC sequence clears a terminal or sets its title when the row is printed) and no
/// bidirectional-override character (it reorders what a reader sees). Every path that takes such text calls
/// <see cref="Problem"/> before anything is recorded; text stored earlier is escaped when printed.
/// </summary>
public static class AuditTextRule
{
    /// <summary>Whether <paramref name="c"/> may not be written raw to a terminal (and is refused in new text).</summary>
    public static bool IsUnsafe(char c) =>
        char.IsControl(c)
        || c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>
    /// Null when <paramref name="text"/> may be recorded as <paramref name="option"/>; else what is wrong, naming the
    /// option and the first offending character by its code (never echoing it raw).
    /// </summary>
    public static string? Problem(string option, string? text)
    {
        if (text is null)
            return null;
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]))
            {
                var code = ((int)text[i]).ToString("X4", CultureInfo.InvariantCulture);
                return $"{option} contains a control character (U+{code} at position {i + 1}); write it as plain text without control or "
                    + "bidirectional-override characters (no escape sequences, newlines or tabs)";
            }
        }

        return null;
    }
}
