using System.Diagnostics;
using System.Globalization;

namespace Orchestrator.Benchmarks;

/// <summary>
/// S25 throughput: (1) 200,000 public folders on a zero-latency SQLite world with the default settings (batches of
/// 500, 4 at once) — floor 20,000 folders/s; (2) 5 ms per folder write, parallelism 1, 4 and 16 side by side — the
/// table shows how throughput scales; (3) the process's peak resident memory — floor 300 MB. Runs first, so the
/// peak is its own.
/// </summary>
internal static class ReplicaBenchmark
{
    private const double FloorFoldersPerSecond = 20_000;
    private const double FloorPeakMegabytes = 300;

    public static async Task<Verdict> RunAsync(BenchOptions options, string dataDirectory, WarningLog warnings, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine("== replica-list update: folders per second, SQLite world (S25) ==");
        var clock = Stopwatch.StartNew();

        // Warm-up (JIT, pools): a small update, not recorded.
        await ReplicaHarness.RunAsync(Path.Combine(dataDirectory, "replicas-warmup"), 5_000, 500, 4, TimeSpan.Zero, warnings, cancellationToken).ConfigureAwait(false);

        var big = await ReplicaHarness.RunAsync(Path.Combine(dataDirectory, "replicas-zero"), options.ReplicaFolders, 500, 4, TimeSpan.Zero, warnings, cancellationToken).ConfigureAwait(false);
        Console.WriteLine(string.Create(inv, $"zero latency   {big.Folders,8} folders, batch {big.BatchSize}, parallelism {big.Parallelism}: {big.Wall.TotalSeconds,6:F2} s  {big.FoldersPerSecond,9:F0} folders/s  ({big.State}, {big.Done} done, {big.Failed} failed)"));
        Console.WriteLine();

        Console.WriteLine("5 ms per folder write, 2,000 folders in batches of 50:");
        Console.WriteLine("parallelism |   wall s | folders/s | vs parallelism 1");
        var latency = TimeSpan.FromMilliseconds(5);
        double? baseline = null;
        var scaling = new List<(int Parallelism, double Ratio)>();
        foreach (var p in new[] { 1, 4, 16 })
        {
            var s = await ReplicaHarness.RunAsync(Path.Combine(dataDirectory, $"replicas-p{p}"), 2_000, 50, p, latency, warnings, cancellationToken).ConfigureAwait(false);
            baseline ??= s.FoldersPerSecond;
            var ratio = s.FoldersPerSecond / baseline.Value;
            scaling.Add((p, ratio));
            Console.WriteLine(string.Create(inv, $"{p,11} | {s.Wall.TotalSeconds,8:F2} | {s.FoldersPerSecond,9:F0} | {ratio,6:F2}x{(s.State == "Completed" && s.Done == s.Folders ? "" : $"  ({s.State}, {s.Done} done)")}"));
        }

        var peakMb = PeakResidentBytes() / (1024.0 * 1024.0);
        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"peak resident memory of this process: {peakMb:F0} MB (floor {FloorPeakMegabytes:F0} MB); {clock.Elapsed.TotalSeconds:F0} s"));
        Console.WriteLine();

        var rateOk = big.State == "Completed" && big.Done == big.Folders && big.FoldersPerSecond >= FloorFoldersPerSecond;
        var memoryOk = peakMb < FloorPeakMegabytes;
        var scales = scaling.Last().Ratio > 4;
        var line = string.Create(inv, $"replicas: {(rateOk && memoryOk ? "PASS" : "FAIL")} — {big.FoldersPerSecond:F0} folders/s for {big.Folders} folders (floor {FloorFoldersPerSecond:F0}), ")
            + string.Create(inv, $"peak {peakMb:F0} MB (floor {FloorPeakMegabytes:F0}), 5 ms writes: parallelism 4 = {scaling[1].Ratio:F1}x, 16 = {scaling[2].Ratio:F1}x parallelism 1")
            + (scales ? "" : " (WARNING: 16 at once is not 4x faster than 1)");
        return new Verdict(rateOk && memoryOk ? 0 : 1, line);
    }

    /// <summary>VmHWM from /proc (the kernel's high-water mark of resident memory), else the runtime's peak working set.</summary>
    private static long PeakResidentBytes()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null && long.TryParse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
            {
                return kb * 1024;
            }
        }

        return Process.GetCurrentProcess().PeakWorkingSet64;
    }
}
