namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The crash campaigns' budget. With <c>ORCHESTRATOR_CRASH_CAMPAIGN=full</c> every crash point of every campaign runs
/// (the full budget: the README's crash-campaign command); by default — the suite, CI — one point in <see cref="Stride"/> runs, so the
/// whole `dotnet test` stays under 15 minutes on 2 cores (at one in three the campaigns were 45% of the end-to-end
/// project's test time, 812 of 1,800 s). Which sixth runs turns with the UTC day (so six days of CI cover every point), and the sample always keeps the first and last point and at least one after-effect and one
/// after-commit point. A campaign's coverage tests check its whole list, not the sample. The campaigns run on both stores
/// (<see cref="TestStore"/>): PostgreSQL by the same rule with <see cref="PostgresStride"/>, a smaller sample, as each of
/// its points also starts and migrates a database; the full budget takes every point on both.
/// </summary>
internal static class CrashCampaign
{
    public const string Variable = "ORCHESTRATOR_CRASH_CAMPAIGN";

    /// <summary>One point in this many runs by default.</summary>
    public const int Stride = 6;

    /// <summary>One point in this many on PostgreSQL by default (its sample turns with the UTC day too: thirteen days take every point).</summary>
    public const int PostgresStride = 13;

    public static bool Full => string.Equals(System.Environment.GetEnvironmentVariable(Variable), "full", StringComparison.OrdinalIgnoreCase);

    /// <summary>The points of <paramref name="all"/> this run takes: all of them with the full budget, else the day's sample.</summary>
    public static TheoryData<string> Sample(TheoryData<string> all) => Sample(all, Full, DateTime.UtcNow.DayOfYear % Stride);

    /// <summary>The points of <paramref name="all"/> this run takes on PostgreSQL: all of them with the full budget, else the day's sample with <see cref="PostgresStride"/>.</summary>
    public static TheoryData<string> SampleOnPostgres(TheoryData<string> all) =>
        Sample(all, Full, DateTime.UtcNow.DayOfYear % PostgresStride, PostgresStride);

    /// <summary>The points of <paramref name="sample"/> that are in <paramref name="part"/> (a class's share of a campaign sampled whole), in the sample's order.</summary>
    public static TheoryData<string> Within(TheoryData<string> sample, TheoryData<string> part)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(part);
        var here = ((IEnumerable<object[]>)part).Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);
        var within = new TheoryData<string>();
        foreach (var point in ((IEnumerable<object[]>)sample).Select(row => (string)row[0]).Where(here.Contains))
        {
            within.Add(point);
        }

        return within;
    }

    /// <summary>The sample: every point whose index is <paramref name="offset"/> modulo <paramref name="stride"/>, the first, the last, and one of each kind.</summary>
    public static TheoryData<string> Sample(TheoryData<string> all, bool full, int offset, int stride = Stride)
    {
        ArgumentNullException.ThrowIfNull(all);
        var points = ((IEnumerable<object[]>)all).Select(row => (string)row[0]).ToList();
        var taken = full
            ? points
            : points.Where((_, i) => i % stride == offset || i == 0 || i == points.Count - 1).ToList();
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
