namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The crash campaigns' budget. With <c>ORCHESTRATOR_CRASH_CAMPAIGN=full</c> every crash point of every campaign runs
/// (the full budget: the README's crash-campaign command); by default — the suite, CI — one point in <see cref="Stride"/> runs, so the
/// whole `dotnet test` stays under 15 minutes on 2 cores. Which third runs turns with the UTC day (so three days of CI
/// cover every point), and the sample always keeps the first and last point and at least one after-effect and one
/// after-commit point. A campaign's coverage tests check its whole list, not the sample.
/// </summary>
internal static class CrashCampaign
{
    public const string Variable = "ORCHESTRATOR_CRASH_CAMPAIGN";

    /// <summary>One point in this many runs by default.</summary>
    public const int Stride = 3;

    public static bool Full => string.Equals(System.Environment.GetEnvironmentVariable(Variable), "full", StringComparison.OrdinalIgnoreCase);

    /// <summary>The points of <paramref name="all"/> this run takes: all of them with the full budget, else the day's sample.</summary>
    public static TheoryData<string> Sample(TheoryData<string> all) => Sample(all, Full, DateTime.UtcNow.DayOfYear % Stride);

    /// <summary>The sample: every point whose index is <paramref name="offset"/> modulo <see cref="Stride"/>, the first, the last, and one of each kind.</summary>
    public static TheoryData<string> Sample(TheoryData<string> all, bool full, int offset)
    {
        ArgumentNullException.ThrowIfNull(all);
        var points = ((IEnumerable<object[]>)all).Select(row => (string)row[0]).ToList();
        var taken = full
            ? points
            : points.Where((_, i) => i % Stride == offset || i == 0 || i == points.Count - 1).ToList();
        foreach (var kind in new[] { "after-effect-", "after-commit-" })
        {
            if (!taken.Any(p => p.StartsWith(kind, StringComparison.Ordinal)) && points.FirstOrDefault(p => p.StartsWith(kind, StringComparison.Ordinal)) is { } first)
            {
                taken.Add(first);
            }
        }

        var sample = new TheoryData<string>();
        foreach (var point in points.Where(taken.Contains))
        {
            sample.Add(point);
        }

        return sample;
    }
}
