using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Benchmarks;

/// <summary>
/// (1) Per-step engine overhead (zero-latency simulated world) against one raw durable SQLite commit, measured
/// side by side in interleaved rounds; passes when the median ratio is at most the floor (5x). (2) Failover latency,
/// monitor detection to in service (see <see cref="FailoverBenchmark"/>); passes when the median is at most 50 ms.
/// (3) Scale through the real path: the step through the SQLite world, history, storm, idle serve and status
/// (<see cref="HistoryBenchmark"/>, <see cref="StormBenchmark"/>, <see cref="IdleBenchmark"/>, <see cref="StatusBenchmark"/>).
/// The exit code is the worst of the verdicts.
/// </summary>
internal static class Program
{
    // A round runs switchover/commit-burst pairs until it has at least 2 pairs and 3 s (about half of it in
    // switchovers), then a batch of queue hops (at least 50 and 0.3 s).
    internal static readonly Batch PairBatch = new(MinCount: 2, MinTime: TimeSpan.FromSeconds(3), MaxCount: 200);
    private static readonly Batch HopBatch = new(MinCount: 50, MinTime: TimeSpan.FromSeconds(0.3), MaxCount: 100_000);

    /// <summary>At least this many commits of each kind in a burst, however short the switchover next to it.</summary>
    private const int MinBurstCommits = 10;

    /// <summary>Stop starting rounds after this (at least three are always measured), to keep a run under ~2 minutes.</summary>
    private static readonly TimeSpan RoundsBudget = TimeSpan.FromSeconds(80);

    private const int MinRounds = 3;

    /// <summary>
    /// The steps warm-up runs unrecorded rounds for at least this long: the tiered JIT was seen busy through a 6-s warm-up
    /// and the first ~8 s of measured rounds (step-profile.md), which weighed on their cpu.
    /// </summary>
    private static readonly TimeSpan WarmupAtLeast = TimeSpan.FromSeconds(15);

    /// <summary>... and then until a round's cpu per step is within <see cref="WarmupSteady"/> of the round before, for at most this long.</summary>
    private static readonly TimeSpan WarmupAtMost = TimeSpan.FromSeconds(40);

    private const double WarmupSteady = 0.05;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == OtherProcessHop.Flag)
        {
            return OtherProcessHop.Enqueue(args);
        }

        // The harness drives worlds and runtimes in this process as a runner does: the same thread-pool floor, or the
        // storm's five concurrent node failures queue behind pool threads blocked in the world's synchronous reads (up to 4 s).
        Orchestrator.Host.Runtime.ThreadPoolFloor.Ensure(Orchestrator.Host.Runtime.OrchestratorRuntime.WorkerCount);

        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }

        if (options.ShowHelp)
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var dataDirectory = Path.Combine(Path.GetFullPath(options.Under ?? Path.GetTempPath()), $"orchestrator-bench-{Guid.NewGuid().ToString("N")[..8]}");
        try
        {
            Directory.CreateDirectory(dataDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: cannot create {dataDirectory}: {e.Message}");
            return 2;
        }

        try
        {
            return await RunAsync(options, dataDirectory, cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("interrupted");
            return 2;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"benchmark failed: {e}");
            return 2;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (options.KeepData)
            {
                Console.WriteLine($"data kept in {dataDirectory}");
            }
            else
            {
                TryDelete(dataDirectory);
            }
        }
    }

    private static async Task<int> RunAsync(BenchOptions options, string dataDirectory, CancellationToken cancellationToken)
    {
        var warnings = new WarningLog();
        Report.PrintEnvironment(options, dataDirectory);

        // One raw-commit database for the whole run, next to the engines' databases: both benchmarks compare with it.
        using var raw = new RawCommitHarness(dataDirectory);
        var verdicts = new List<Verdict>();
        if (options.RunsReplicas)
        {
            verdicts.Add(await ReplicaBenchmark.RunAsync(options, dataDirectory, warnings, cancellationToken).ConfigureAwait(false));
        }

        if (options.RunsEffect)
        {
            verdicts.Add(await EffectBenchmark.RunAsync(options, dataDirectory, cancellationToken).ConfigureAwait(false));
        }

        if (options.RunsGate)
        {
            verdicts.Add(await GateBenchmark.RunAsync(options, dataDirectory, warnings, cancellationToken).ConfigureAwait(false));
        }

        if (options.RunsSteps)
        {
            // The real path first (the world in world.db), then the zero-latency world beside it: same plan, same raw commit.
            verdicts.Add(await RunStepsAsync(options, Path.Combine(dataDirectory, "steps-sqlite"), raw, warnings, sqliteWorld: true, cancellationToken).ConfigureAwait(false));
            verdicts.Add(await RunStepsAsync(options, Path.Combine(dataDirectory, "steps-memory"), raw, warnings, sqliteWorld: false, cancellationToken).ConfigureAwait(false));
        }

        if (options.RunsPgSteps)
        {
            verdicts.Add(await PgStepsBenchmark.RunAsync(options, dataDirectory, warnings, cancellationToken).ConfigureAwait(false));
        }

        if (options.RunsPgStorm)
        {
            verdicts.Add(await PgStormBenchmark.RunAsync(options, dataDirectory, cancellationToken).ConfigureAwait(false));
        }

        if (options.RunsPgWake)
        {
            verdicts.Add(await PgWakeBenchmark.RunAsync(options, dataDirectory, cancellationToken).ConfigureAwait(false));
        }

        if (options.RunsHistory)
        {
            verdicts.Add(await HistoryBenchmark.RunAsync(options, dataDirectory, raw, warnings, cancellationToken).ConfigureAwait(false));
        }

        if (options.RunsStorm)
        {
            verdicts.AddRange(await StormBenchmark.RunAsync(options, dataDirectory, raw, warnings, cancellationToken).ConfigureAwait(false));
        }

        if (options.RunsIdle)
        {
            verdicts.AddRange(await IdleBenchmark.RunAsync(options, dataDirectory, cancellationToken).ConfigureAwait(false));
        }

        if (options.RunsStatus)
        {
            verdicts.Add(await StatusBenchmark.RunAsync(options, dataDirectory, raw, cancellationToken).ConfigureAwait(false));
        }

        // The failover benchmark gets its own engine and data directory (the step benchmark's engine is stopped by then).
        if (options.RunsFailover)
        {
            verdicts.Add(await FailoverBenchmark.RunAsync(options, dataDirectory, raw, warnings, cancellationToken).ConfigureAwait(false));
        }

        if (options.RunsStartup)
        {
            verdicts.Add(await StartupBenchmark.RunAsync(options, dataDirectory, cancellationToken).ConfigureAwait(false));
        }

        if (options.RunsAudit)
        {
            verdicts.Add(await AuditBenchmark.RunAsync(options, dataDirectory, cancellationToken).ConfigureAwait(false));
        }

        foreach (var verdict in verdicts)
        {
            Console.WriteLine(verdict.Line);
        }

        return verdicts.Max(v => v.Code);
    }

    private static async Task<Verdict> RunStepsAsync(BenchOptions options, string dataDirectory, RawCommitHarness raw, WarningLog warnings, bool sqliteWorld, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(dataDirectory);
        var definition = BenchDefinition.Write(dataDirectory, options.Services);
        var world = sqliteWorld ? "SQLite world" : "in-memory world";

        Console.WriteLine($"== engine step ({world}): switchover wall time / steps ==");
        await using var engine = await EngineHarness.StartAsync(dataDirectory, definition, warnings, options.ProductionLogging, sqliteWorld, cancellationToken).ConfigureAwait(false);
        var hop = new QueueHopHarness(engine.Jobs);

        Console.WriteLine($"engine database     {engine.DatabasePath}");
        Console.WriteLine($"raw commit database {raw.DatabasePath}");
        Console.WriteLine();

        // Warm-up: JIT (tiered compilation with PGO keeps recompiling hot paths for several seconds), connection pools,
        // SQLite page cache, Hangfire workers. Rounds like the measured ones until the cpu per step is steady. Not recorded.
        Console.Write("warm-up ... ");
        var warmup = await WarmUpAsync(options.Quick, engine, raw, hop, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"done ({clock.Elapsed.TotalSeconds:F1} s; {warmup})");
        Console.WriteLine();

        var rounds = new List<RoundResult>();
        Report.PrintHeader();
        var roundsStarted = Stopwatch.StartNew();
        var measuredRounds = options.Quick ? Math.Min(options.Rounds, 2) : options.Rounds;
        for (var r = 1; r <= measuredRounds; r++)
        {
            if (r > MinRounds && roundsStarted.Elapsed > RoundsBudget)
            {
                Console.WriteLine($"(time budget of {RoundsBudget.TotalSeconds:F0} s reached: stopping after {rounds.Count} rounds)");
                break;
            }

            var result = await RunRoundAsync(r, engine, raw, hop, PairBatch, HopBatch, cancellationToken).ConfigureAwait(false);
            rounds.Add(result);
            Report.PrintRow($"{r}", result);
        }

        var audit = await engine.VerifyAuditAsync(cancellationToken).ConfigureAwait(false);
        return Report.PrintSummary(options, $"step ({world})", rounds, audit.RowsChecked, audit.FirstBrokenId, engine.Store.Timings.DescribeSlow(), warnings, clock.Elapsed);
    }

    /// <summary>
    /// Unrecorded rounds: at least <see cref="WarmupAtLeast"/>, then until the cpu per step of a round is within
    /// <see cref="WarmupSteady"/> of the round before (at most <see cref="WarmupAtMost"/>). Quick: one short round.
    /// Returns the rounds' cpu per step, for the output.
    /// </summary>
    internal static async Task<string> WarmUpAsync(bool quick, EngineHarness engine, IRawCommit raw, QueueHopHarness hop, CancellationToken cancellationToken, Batch? hopBatch = null)
    {
        if (quick)
        {
            await RunRoundAsync(0, engine, raw, hop, new Batch(2, TimeSpan.FromSeconds(1), 10), hopBatch ?? HopBatch, cancellationToken).ConfigureAwait(false);
            return "1 short round";
        }

        var started = Stopwatch.StartNew();
        var cpu = new List<double>();
        while (started.Elapsed < WarmupAtMost)
        {
            cpu.Add((await RunRoundAsync(0, engine, raw, hop, PairBatch, hopBatch ?? HopBatch, cancellationToken).ConfigureAwait(false)).CpuMicrosPerStep);
            if (started.Elapsed >= WarmupAtLeast && cpu.Count >= 2 && Math.Abs(cpu[^1] - cpu[^2]) <= WarmupSteady * cpu[^2])
            {
                break;
            }
        }

        return $"{cpu.Count} rounds, cpu us/step by round: {string.Join(' ', cpu.Select(c => c.ToString("F0", CultureInfo.InvariantCulture)))}";
    }

    internal static async Task<RoundResult> RunRoundAsync(
        int round, EngineHarness engine, IRawCommit raw, QueueHopHarness hop, Batch pairBatch, Batch hopBatch, CancellationToken cancellationToken)
    {
        // A and B, finely interleaved so both see the same machine: one whole switchover (A) and, next to it, a
        // burst of raw durable commits as long as that switchover (B). The order alternates (A B, B A, ...) so
        // neither always follows the other. fsync latency on a shared machine drifts by several times within
        // seconds; pairing at this grain keeps the ratio meaningful when the absolute figures move.
        var pairs = new List<Pair>();
        var lastWall = TimeSpan.FromMilliseconds(100);
        var started = Stopwatch.GetTimestamp();
        while (pairBatch.More(pairs.Count, Stopwatch.GetElapsedTime(started)))
        {
            var engineFirst = pairs.Count % 2 == 0;
            CommitBurst? burst = engineFirst ? null : await BurstAsync(raw, lastWall, cancellationToken).ConfigureAwait(false);

            var sample = await engine.SwitchOverAsync(cancellationToken).ConfigureAwait(false);
            lastWall = sample.Wall;

            burst ??= await BurstAsync(raw, sample.Wall, cancellationToken).ConfigureAwait(false);
            pairs.Add(new Pair(sample, burst));
        }

        // Informative: Hangfire.InMemory enqueue -> execute hops, back to back.
        var hops = 0;
        var hopTime = TimeSpan.Zero;
        started = Stopwatch.GetTimestamp();
        while (hopBatch.More(hops, Stopwatch.GetElapsedTime(started)))
        {
            hopTime += await hop.HopAsync(cancellationToken).ConfigureAwait(false);
            hops++;
        }

        return new RoundResult(round, pairs, hops, hopTime);
    }

    /// <summary>
    /// Commits for <paramref name="duration"/>: raw ones on the open connection, each followed by one through the
    /// product's connection factory (informative), so both kinds see the same moment of the disk.
    /// </summary>
    private static async Task<CommitBurst> BurstAsync(IRawCommit raw, TimeSpan duration, CancellationToken cancellationToken)
    {
        int rawCommits = 0, factoryCommits = 0;
        TimeSpan rawTime = TimeSpan.Zero, factoryTime = TimeSpan.Zero;
        var started = Stopwatch.GetTimestamp();
        while (rawCommits < MinBurstCommits || Stopwatch.GetElapsedTime(started) < duration)
        {
            var t = Stopwatch.GetTimestamp();
            raw.Commit();
            rawTime += Stopwatch.GetElapsedTime(t);
            rawCommits++;

            t = Stopwatch.GetTimestamp();
            await raw.FactoryCommitAsync(cancellationToken).ConfigureAwait(false);
            factoryTime += Stopwatch.GetElapsedTime(t);
            factoryCommits++;
        }

        return new CommitBurst(rawCommits, rawTime, factoryCommits, factoryTime);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"could not delete {directory}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"could not delete {directory}: {e.Message}");
        }
    }

    internal sealed record Batch(int MinCount, TimeSpan MinTime, int MaxCount)
    {
        public bool More(int done, TimeSpan elapsed) => done < MaxCount && (done < MinCount || elapsed < MinTime);
    }
}
