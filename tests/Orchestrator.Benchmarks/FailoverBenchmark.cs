using System.Diagnostics;
using System.Globalization;
using Orchestrator.Host.Monitoring;

namespace Orchestrator.Benchmarks;

/// <summary>The result of one benchmark: exit code (0 PASS, 1 FAIL, 2 invalid) and the verdict line printed at the end of the run.</summary>
internal sealed record Verdict(int Code, string Line);

/// <summary>A failover (A) and, right before or after it, raw commits for as long as it took (B).</summary>
internal sealed record FailoverPair(FailoverSample Failover, double RawMicrosPerCommit)
{
    public double Ratio => Failover.Wall.TotalMicroseconds / RawMicrosPerCommit;
}

/// <summary>
/// Failover latency on a zero-latency world: from the monitor check that reaches the failure threshold to the
/// failover's Completed commit, next to the raw durable commit measured in the same run (interleaved, as the
/// engine-step benchmark does). Passes when the median is at most the floor (50 ms).
/// </summary>
internal static class FailoverBenchmark
{
    private const int WarmupFailovers = 10;
    private const int RowSize = 20;
    private const int MinBurstCommits = 10;

    public static async Task<Verdict> RunAsync(BenchOptions options, string dataDirectory, RawCommitHarness raw, WarningLog warnings, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var clock = Stopwatch.StartNew();
        var directory = Path.Combine(dataDirectory, "failover");
        Directory.CreateDirectory(directory);
        var definition = FailoverDefinition.Write(directory);
        warnings.Expect(typeof(HealthMonitor).FullName!, "Monitor: failover of ");
        var warningsBefore = warnings.Count;

        Console.WriteLine("== failover: monitor detection -> in service, two nodes, zero-latency world ==");
        await using var engine = await EngineHarness.StartAsync(directory, definition, warnings, options.ProductionLogging, cancellationToken).ConfigureAwait(false);
        var harness = await FailoverHarness.CreateAsync(engine, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"engine database     {engine.DatabasePath}");
        Console.WriteLine($"raw commit database {raw.DatabasePath}");
        Console.WriteLine($"detection          failure-threshold {harness.Threshold}: node fails, {harness.Threshold - 1} untimed HealthMonitor.CheckOnceAsync calls, then the timed one");
        Console.WriteLine("reset (untimed)    restore the fenced node, acknowledge the last failover (lifts the anti-flapping block)");
        Console.WriteLine();

        // Warm-up: JIT of the monitor and failover paths, this engine's connection pool and Hangfire workers. Not recorded.
        Console.Write("warm-up ... ");
        var lastWall = TimeSpan.FromMilliseconds(20);
        for (var i = 0; i < WarmupFailovers; i++)
        {
            lastWall = (await PairAsync(harness, raw, i % 2 == 0 ? null : lastWall, cancellationToken).ConfigureAwait(false)).Failover.Wall;
        }

        Console.WriteLine($"done ({WarmupFailovers} failovers, {clock.Elapsed.TotalSeconds:F1} s)");
        Console.WriteLine();
        Console.WriteLine("failovers   | steps | ms: median      p90      max | waits | decide ms |  us/step | raw us/commit | failover / raw");
        Console.WriteLine(Rule);
        var pairs = new List<FailoverPair>();
        for (var i = 0; i < options.Failovers; i++)
        {
            // A and B alternate (A B, B A, ...); a burst before its failover lasts as long as the previous failover.
            var pair = await PairAsync(harness, raw, i % 2 == 0 ? null : lastWall, cancellationToken).ConfigureAwait(false);
            lastWall = pair.Failover.Wall;
            pairs.Add(pair);
            if (pairs.Count % RowSize == 0 || i == options.Failovers - 1)
            {
                var first = (pairs.Count - 1) / RowSize * RowSize;
                PrintRow(string.Create(inv, $"{first + 1}-{pairs.Count}"), pairs.Skip(first).ToList());
            }
        }

        Console.WriteLine(Rule);
        PrintRow("all", pairs);
        Console.WriteLine("Each row: over its failovers; 'waits': failovers with a store call blocked >= 100 ms on the SQLite write lock;");
        Console.WriteLine("'raw us/commit': median of the commit bursts next to the failovers; the ratio is the median per pair.");
        Console.WriteLine();

        var audit = await engine.VerifyAuditAsync(cancellationToken).ConfigureAwait(false);
        return PrintSummary(options, pairs, engine.Store.Timings, audit.RowsChecked, audit.FirstBrokenId, warnings.Count - warningsBefore, warnings.ExpectedCount, clock.Elapsed);
    }

    private const string Rule = "------------+-------+------------------------------+-------+-----------+----------+---------------+---------------";

    /// <summary>One failover and a burst of raw commits: before it for <paramref name="burstFirstFor"/>, or (null) after it for as long as it took.</summary>
    private static async Task<FailoverPair> PairAsync(FailoverHarness harness, RawCommitHarness raw, TimeSpan? burstFirstFor, CancellationToken cancellationToken)
    {
        var rawFirst = burstFirstFor is { } duration ? Burst(raw, duration) : (double?)null;
        var sample = await harness.FailOverAsync(cancellationToken).ConfigureAwait(false);
        return new FailoverPair(sample, rawFirst ?? Burst(raw, sample.Wall));
    }

    /// <summary>Raw durable commits for <paramref name="duration"/> (at least <see cref="MinBurstCommits"/>): mean µs per commit.</summary>
    private static double Burst(RawCommitHarness raw, TimeSpan duration)
    {
        var commits = 0;
        var started = Stopwatch.GetTimestamp();
        while (commits < MinBurstCommits || Stopwatch.GetElapsedTime(started) < duration)
        {
            raw.Commit();
            commits++;
        }

        return Stopwatch.GetElapsedTime(started).TotalMicroseconds / commits;
    }

    private static void PrintRow(string label, IReadOnlyList<FailoverPair> pairs)
    {
        var wall = pairs.Select(p => p.Failover.WallMs).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,11} | {pairs[0].Failover.Steps,5} | {Stats.Median(wall),13:F2} {Stats.Percentile(wall, 90),8:F2} {wall.Max(),8:F2} | {pairs.Count(p => p.Failover.Store.SlowCalls > 0),5} | {Stats.Median(pairs.Select(p => p.Failover.DecideMs)),9:F2} | {Stats.Median(pairs.Select(p => p.Failover.MicrosPerStep)),8:F1} | {Stats.Median(pairs.Select(p => p.RawMicrosPerCommit)),13:F1} | {Stats.Median(pairs.Select(p => p.Ratio)),12:F1}x"));
    }

    /// <summary>Failovers in which a procedure-store call waited for the SQLite write lock (see <see cref="StoreTimings"/>).</summary>
    private static void PrintLockWaits(List<FailoverPair> pairs, StoreTimings timings)
    {
        var inv = CultureInfo.InvariantCulture;
        var waited = pairs.Where(p => p.Failover.Store.SlowCalls > 0).Select(p => p.Failover.WallMs).ToList();
        var clean = pairs.Where(p => p.Failover.Store.SlowCalls == 0).Select(p => p.Failover.WallMs).ToList();
        var medians = waited.Count == 0 || clean.Count == 0 ? "" : string.Create(inv, $" (their median {Stats.Median(waited):F2} ms; the others' {Stats.Median(clean):F2} ms)");
        Console.WriteLine(string.Create(inv,
            $"lock waits      {waited.Count} of {pairs.Count} failovers had a procedure-store call of >= {StoreTimings.SlowThreshold.TotalMilliseconds:F0} ms{medians}"));
        Console.WriteLine($"                slow calls by method, warm-up included: {timings.DescribeSlow()}");
    }

    private static Verdict PrintSummary(BenchOptions options, List<FailoverPair> pairs, StoreTimings timings, long auditRows, long? brokenAuditId, int warnings, int expectedWarnings, TimeSpan elapsed)
    {
        var inv = CultureInfo.InvariantCulture;
        var samples = pairs.Select(p => p.Failover).ToList();
        var wall = samples.Select(s => s.WallMs).ToList();
        var median = Stats.Median(wall);
        var rawCommit = Stats.Median(pairs.Select(p => p.RawMicrosPerCommit));
        var steps = samples[0].Steps;
        var meanStep = samples.Average(s => s.MicrosPerStep);
        var store = samples.Aggregate(StoreSnapshot.Empty, (sum, s) => sum + s.Store);
        double PerFailover(StoreCall call) => store.Time(call).TotalMilliseconds / samples.Count;
        var inStore = Enum.GetValues<StoreCall>().Sum(PerFailover);
        var meanWall = wall.Average();

        Console.WriteLine(string.Create(inv, $"failover        median {median,7:F2} ms   p90 {Stats.Percentile(wall, 90):F2} ms   p99 {Stats.Percentile(wall, 99):F2} ms   (min {wall.Min():F2}, mean {meanWall:F2}, max {wall.Max():F2}; {samples.Count} failovers of {steps} steps, nearest-rank percentiles)"));
        Console.WriteLine(string.Create(inv, $"  decide        median {Stats.Median(samples.Select(s => s.DecideMs)),7:F2} ms   threshold check -> failover created (monitor reads, anti-flapping check, target choice, plan insert)"));
        Console.WriteLine(string.Create(inv, $"  run           median {Stats.Median(samples.Select(s => s.RunMs)),7:F2} ms   failover created -> Completed committed (first queue hop, {steps} steps)"));
        Console.WriteLine(string.Create(inv, $"  per step      mean   {meanStep,7:F1} us   failover wall time / {steps} steps, mean over failovers (median {Stats.Median(samples.Select(s => s.MicrosPerStep)):F1} us)"));
        Console.WriteLine(string.Create(inv, $"  cpu           mean   {samples.Average(s => s.Cpu.TotalMilliseconds),7:F2} ms   process CPU time (all threads) per failover"));
        Console.WriteLine(string.Create(inv, $"  breakdown     mean   {meanWall,7:F2} ms = commit transition {PerFailover(StoreCall.CommitTransition):F2} + read steps {PerFailover(StoreCall.GetSteps):F2} + read procedure {PerFailover(StoreCall.Get):F2} + other store calls {PerFailover(StoreCall.Other):F2} + outside the procedure store {meanWall - inStore:F2}{(meanWall < inStore ? " (negative: store calls overlapped)" : "")}"));
        PrintLockWaits(pairs, timings);
        Console.WriteLine(string.Create(inv, $"raw commit      median {rawCommit,7:F1} us   BEGIN IMMEDIATE; INSERT one row; COMMIT, in bursts next to each failover (same directory, WAL, synchronous=FULL)"));
        Console.WriteLine(string.Create(inv, $"ratio           failover median / raw commit median = {median * 1000 / rawCommit:F1}x; median per pair {Stats.Median(pairs.Select(p => p.Ratio)):F1}x; = {median * 1000 / rawCommit / steps:F2}x raw commit per step"));
        Console.WriteLine(string.Create(inv, $"audit chain     {auditRows} rows, {(brokenAuditId is null ? "intact" : $"BROKEN at id {brokenAuditId}")}; failover benchmark took {elapsed.TotalSeconds:F1} s; {expectedWarnings} expected monitor warnings (one per failover, not echoed)"));
        if (warnings > 0)
        {
            Console.WriteLine($"NOTE            the engine logged {warnings} unexpected warning(s)/error(s) during the failover benchmark (see stderr); retries distort the figures");
        }

        Console.WriteLine();
        if (brokenAuditId is not null)
        {
            return new Verdict(2, "failover benchmark invalid: the audit chain does not verify");
        }

        var pass = median <= options.FailoverFloorMs;
        return new Verdict(pass ? 0 : 1, string.Create(inv, $"failover median {median:F1} ms (floor {options.FailoverFloorMs:0.##} ms): {(pass ? "PASS" : "FAIL")}"));
    }
}
