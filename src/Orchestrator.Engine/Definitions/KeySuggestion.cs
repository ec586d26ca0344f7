namespace Orchestrator.Engine.Definitions;

/// <summary>Suggests the allowed key closest to a mistyped one (edit distance), e.g. 'prority' → 'priorities'.</summary>
internal static class KeySuggestion
{
    /// <summary>Keys longer than this get no suggestion: no allowed key is near, and the distance would cost length × length.</summary>
    private const int MaxKeyLength = 64;

    public static string? Closest(string key, IEnumerable<string> allowed)
    {
        if (key.Length > MaxKeyLength)
            return null;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in allowed)
        {
            var distance = Distance(key.ToLowerInvariant(), candidate);
            if (distance < bestDistance && distance <= Math.Max(1, candidate.Length / 2))
                (best, bestDistance) = (candidate, distance);
        }
        return best;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
