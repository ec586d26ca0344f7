namespace Orchestrator.Benchmarks;

/// <summary>
/// Raw commits made right before or after one switchover, for as long as it took, alternating a commit on the
/// open connection with one through the product's connection factory (each timed on its own).
/// </summary>
internal sealed record CommitBurst(int RawCommits, TimeSpan RawTime, int FactoryCommits, TimeSpan FactoryTime)
{
    public double RawMicrosPerCommit => RawTime.TotalMicroseconds / RawCommits;

    public double FactoryMicrosPerCommit => FactoryTime.TotalMicroseconds / FactoryCommits;
}

/// <summary>A (one switchover) and B (the commit burst next to it): the unit the ratio is computed on.</summary>
internal sealed record Pair(SwitchoverSample Engine, CommitBurst Commits)
{
    public double EngineMicrosPerStep => Engine.Wall.TotalMicroseconds / Engine.Steps;

    public double InlineMicrosPerStep => Engine.InlineSpan.TotalMicroseconds / Math.Max(1, Engine.InlineIntervals);

    public double RecordedMicrosPerStep => Engine.RecordedSpan.TotalMicroseconds / Engine.Steps;

    public double Ratio => EngineMicrosPerStep / Commits.RawMicrosPerCommit;
}

/// <summary>The pairs of one round and its queue-hop batch.</summary>
internal sealed record RoundResult(int Round, IReadOnlyList<Pair> Pairs, int Hops, TimeSpan HopTime)
{
    public int Steps => Pairs.Sum(p => p.Engine.Steps);

    public double EngineMicrosPerStep => Stats.Median(Pairs.Select(p => p.EngineMicrosPerStep));

    public double InlineMicrosPerStep => Stats.Median(Pairs.Select(p => p.InlineMicrosPerStep));

    /// <summary>Process CPU time (all threads: runner, Hangfire, sweeper) while switchovers ran, per step; summed over the round because the OS counts CPU time in coarse ticks.</summary>
    public double CpuMicrosPerStep => Pairs.Sum(p => p.Engine.Cpu.TotalMicroseconds) / Steps;

    public double RawMicrosPerCommit => Stats.Median(Pairs.Select(p => p.Commits.RawMicrosPerCommit));

    public double FactoryMicrosPerCommit => Stats.Median(Pairs.Select(p => p.Commits.FactoryMicrosPerCommit));

    public double Ratio => Stats.Median(Pairs.Select(p => p.Ratio));

    public double FactoryRatio => Stats.Median(Pairs.Select(p => p.Commits.FactoryMicrosPerCommit / p.Commits.RawMicrosPerCommit));

    public double HopMicros => HopTime.TotalMicroseconds / Hops;

    public double HopRatio => HopMicros / RawMicrosPerCommit;
}

internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>Nearest-rank percentile (0 &lt; p &lt;= 100): the smallest value with at least p % of the values at or below it.</summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
