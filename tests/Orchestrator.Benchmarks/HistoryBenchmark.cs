using System.Diagnostics;
using System.Globalization;

namespace Orchestrator.Benchmarks;

/// <summary>
/// Cost with history: N switchovers (default 1,000) back and forth in one data directory through the real composition
/// and the SQLite world; compares the step cost of the first 100 with the last 100 (target: within 1.2x), with a raw
/// durable commit measured every 10 switchovers beside them. Bounded by a time budget: when it runs out, the
/// windows are the first and last tenth of what ran, and the verdict is FAIL (the history did not fit the budget).
/// </summary>
internal static class HistoryBenchmark
{
    private const double Floor = 1.2;
    private const int Window = 100;
    private const int RawEvery = 10;

    public static async Task<Verdict> RunAsync(BenchOptions options, string dataDirectory, RawCommitHarness raw, WarningLog warnings, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var target = options.Quick ? Math.Min(options.Switchovers, 40) : options.Switchovers;
        var budget = TimeSpan.FromSeconds(options.Quick ? 30 : 300);
        var directory = Path.Combine(dataDirectory, "history");
        Directory.CreateDirectory(directory);
        var definition = BenchDefinition.Write(directory, options.Services);
        Console.WriteLine(string.Create(inv, $"== history: {target:N0} switchovers in one data directory, SQLite world (time budget {budget.TotalSeconds:F0} s) =="));
        var steps = new List<double>();
        var rawMicros = new List<double>();
        var clock = Stopwatch.StartNew();
        await using (var engine = await EngineHarness.StartAsync(directory, definition, warnings, options.ProductionLogging, sqliteWorld: true, cancellationToken).ConfigureAwait(false))
        {
            Console.WriteLine("switchovers | us/step (mean of the last 10) | raw us/commit | step / raw | elapsed s | world.db KB");
            while (steps.Count < target && clock.Elapsed < budget)
            {
                var sample = await engine.SwitchOverAsync(cancellationToken).ConfigureAwait(false);
                steps.Add(sample.Wall.TotalMicroseconds / sample.Steps);
                if (steps.Count % RawEvery == 0)
                {
                    rawMicros.Add(RawCommitHarness.MeasureMicros(raw, 20));
                    if (steps.Count % (RawEvery * 5) == 0 || steps.Count == RawEvery)
                    {
                        var last = steps.TakeLast(RawEvery).Average();
                        Console.WriteLine(string.Create(inv, $"{steps.Count,11} | {last,28:F1} | {rawMicros[^1],13:F1} | {last / rawMicros[^1],9:F1}x | {clock.Elapsed.TotalSeconds,9:F1} | {WorldKilobytes(directory),11:N0}"));
                    }
                }
            }
        }

        StatusBenchmark.TryDelete(directory);
        if (steps.Count < 2)
        {
            return new Verdict(1, string.Create(inv, $"history: only {steps.Count} switchover(s) within {budget.TotalSeconds:F0} s: FAIL"));
        }

        var complete = steps.Count >= target;
        var window = complete && steps.Count >= 2 * Window ? Window : Math.Max(1, steps.Count / (complete ? 2 : 10));
        var first = steps.Take(window).ToList();
        var lastWindow = steps.TakeLast(window).ToList();
        var rawMedian = rawMicros.Count > 0 ? Stats.Median(rawMicros) : RawCommitHarness.MeasureMicros(raw, 200);
        var ratio = Stats.Median(lastWindow) / Stats.Median(first);
        Console.WriteLine(string.Create(inv, $"first {window,4}  mean {first.Average(),9:F1} us/step, median {Stats.Median(first),9:F1} us/step = {Stats.Median(first) / rawMedian:F1}x raw commit"));
        Console.WriteLine(string.Create(inv, $"last  {window,4}  mean {lastWindow.Average(),9:F1} us/step, median {Stats.Median(lastWindow),9:F1} us/step = {Stats.Median(lastWindow) / rawMedian:F1}x raw commit"));
        Console.WriteLine(string.Create(inv, $"raw commit  median {rawMedian:F1} us/commit over {rawMicros.Count} bursts; {steps.Count:N0} switchovers in {clock.Elapsed.TotalSeconds:F1} s"));
        if (!complete)
        {
            Console.WriteLine(string.Create(inv, $"INCOMPLETE  the time budget ran out after {steps.Count:N0} of {target:N0} switchovers: windows are the first and last tenth"));
        }

        Console.WriteLine();
        var pass = complete && ratio <= Floor;
        return new Verdict(pass ? 0 : 1, string.Create(inv,
            $"history: last {window} / first {window} switchovers' median step = {ratio:F2}x (floor {Floor:0.0}x){(complete ? "" : string.Create(inv, $", only {steps.Count:N0} of {target:N0} switchovers in {budget.TotalSeconds:F0} s"))}: {(pass ? "PASS" : "FAIL")}"));
    }

    /// <summary>Size of world.db and its WAL, if the world lives there (0 when it does not).</summary>
    private static long WorldKilobytes(string directory) =>
        Directory.EnumerateFiles(directory, "world.db*").Sum(f => new FileInfo(f).Length) / 1024;
}
