using System.Globalization;

namespace Orchestrator.Storage.Audit;

/// <summary>
/// The time forms of the audit filters, shared by the CLI and the dashboard: ISO-8601 (UTC when no offset) or an age
/// before now (30m, 6h, 2d). Callers wrap the problem in their own error (exit code 2, or HTTP 400) with the option's name.
/// </summary>
public static class AuditTimeText
{
    public static bool TryParse(string text, DateTimeOffset now, out DateTimeOffset at, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        problem = null;
        if (t.Length > 1 && char.IsAsciiLetter(t[^1]) && double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
        {
            TimeSpan? age = t[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            at = age is { } a ? now - a : default;
            problem = age is null ? ": an age ends in s, m, h or d (e.g. 6h)" : null;
            return age is not null;
        }

        if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at))
        {
            return true;
        }

        problem = "is not a time; write ISO-8601 (2026-11-25T20:00:00Z) or an age (30m, 6h, 2d)";
        return false;
    }
}
