using System.Globalization;

namespace Orchestrator.Host.Web.Data;

/// <summary>The time forms of the audit filters, as the CLI takes them: ISO-8601 (UTC when no offset) or an age before now (30m, 6h, 2d).</summary>
public static class AuditTime
{
    public static DateTimeOffset? Parse(string? text, string name, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var t = text.Trim();
        if (t.Length > 1 && char.IsAsciiLetter(t[^1]) && double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
        {
            return t[^1] switch
            {
                's' => now.AddSeconds(-amount),
                'm' => now.AddMinutes(-amount),
                'h' => now.AddHours(-amount),
                'd' => now.AddDays(-amount),
                _ => throw new WebInputException($"{name}='{text}': an age ends in s, m, h or d (e.g. 6h)"),
            };
        }

        return DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : throw new WebInputException($"{name}='{text}' is not a time; write ISO-8601 (2026-11-25T20:00:00Z) or an age (30m, 6h, 2d)");
    }
}
