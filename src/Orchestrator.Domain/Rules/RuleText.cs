using System.Globalization;

namespace Orchestrator.Domain.Rules;

/// <summary>Shared wording of the rules' reasons: node names with priorities, durations, instants.</summary>
internal static class RuleText
{
    public static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

    public static string NodeWithPriority(string node, int? priority) =>
        priority is { } p ? $"{node} (priority {p})" : node;

    /// <summary>Joins clauses as "a", "a and b", "a, b and c".</summary>
    public static string List(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => $"{string.Join(", ", items.Take(items.Count - 1))} and {items[^1]}",
    };

    /// <summary>A duration in words, to the second: "1 h", "1 h 30 min", "5 min 3 s", "0 s".</summary>
    public static string Duration(TimeSpan span)
    {
        var negative = span < TimeSpan.Zero;
        var total = (long)Math.Floor(Math.Abs(span.TotalSeconds));
        var parts = new List<string>();
        if (total / 86400 is var d and > 0)
            parts.Add($"{d} d");
        if (total / 3600 % 24 is var h and > 0)
            parts.Add($"{h} h");
        if (total / 60 % 60 is var m and > 0)
            parts.Add($"{m} min");
        if (total % 60 > 0 || parts.Count == 0)
            parts.Add($"{total % 60} s");
        return (negative ? "-" : "") + string.Join(" ", parts);
    }

    /// <summary>An instant in UTC, to the second: "2025-01-02 03:04:05Z".</summary>
    public static string Instant(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
