using System.Globalization;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The wake-up benchmark's samples of one kind (step boundaries, or launches): per sample the time to the claim (from the
/// database) and to the action's start (from the runner's log, when found), in milliseconds, and whether the next step
/// ran on another runner.
/// </summary>
internal sealed class WakeSamples
{
    private readonly List<double> _claims = [];
    private readonly List<double> _starts = [];

    public int Count { get; private set; }

    /// <summary>Samples whose claim was in the same commit (a difference of exactly 0).</summary>
    public int ZeroClaims { get; private set; }

    /// <summary>Samples whose next step ran on another runner than the step before.</summary>
    public int Crossed { get; private set; }

    public IReadOnlyList<double> Claims => _claims;

    public IReadOnlyList<double> Starts => _starts;

    public void Add(TimeSpan? claim, TimeSpan? start, bool? crossed)
    {
        Count++;
        if (claim is { } c)
        {
            _claims.Add(c.TotalMilliseconds);
            ZeroClaims += c == TimeSpan.Zero ? 1 : 0;
        }

        if (start is { } s)
        {
            _starts.Add(s.TotalMilliseconds);
        }

        Crossed += crossed == true ? 1 : 0;
    }

    /// <summary>One row: n, median, p90, p99, max of the values <paramref name="pick"/> chooses.</summary>
    public void Print(string label, Func<WakeSamples, IReadOnlyList<double>> pick)
    {
        ArgumentNullException.ThrowIfNull(pick);
        var values = pick(this);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{label,-43} | {values.Count,5} | {Stats.Median(values),9:F1} | {Stats.Percentile(values, 90),8:F1} | {Stats.Percentile(values, 99),8:F1} | {(values.Count == 0 ? double.NaN : values.Max()),8:F1}"));
    }
}
