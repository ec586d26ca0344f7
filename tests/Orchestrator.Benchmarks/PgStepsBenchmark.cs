using System.Diagnostics;
using System.Globalization;
using Hangfire.PostgreSql;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Benchmarks;

/// <summary>
/// Issue 13's step benchmark on PostgreSQL: the <c>steps</c> switchover rounds through the real path with the
/// PostgreSQL stores and Hangfire.PostgreSql (in-memory world, so that the database is what is measured), next to bursts
/// of raw PostgreSQL commits, on a throwaway cluster (fsync on, synchronous_commit on). Twice, side by side: with
/// Hangfire.PostgreSql's default wake-up (queue poll every 15 s) and with the product's (long polling, LISTEN/NOTIFY).
/// The verdict is the product's variant against the floor (3x); the other is informative.
/// </summary>
internal static class PgStepsBenchmark
{
    private const double PgFloor = 3.0;
    private const double PgGoal = 2.0;

    /// <summary>Fewer in-process hops than the SQLite rounds: with polling, one may wait for the next poll.</summary>
    private static readonly Program.Batch HopBatch = new(MinCount: 3, MinTime: TimeSpan.FromSeconds(0.3), MaxCount: 100);

    /// <summary>Jobs enqueued by another process, as another runner or the CLI would.</summary>
    private const int CrossHops = 3;

    private static readonly TimeSpan HopTimeout = TimeSpan.FromSeconds(40);

    public static async Task<Verdict> RunAsync(BenchOptions options, string dataDirectory, WarningLog warnings, CancellationToken cancellationToken)
    {
        if (PostgresServer.MissingReason is { } missing)
        {
            return new Verdict(2, $"step (PostgreSQL): cannot run: {missing}");
        }

        var server = await PostgresServer.GetAsync().ConfigureAwait(false);
        Console.WriteLine($"PostgreSQL cluster on 127.0.0.1:{server.Port} (started in {server.StartTime.TotalSeconds:F1} s, fsync on, synchronous_commit on)");
        using var raw = new PgRawCommitHarness(await server.CreateDatabaseAsync().ConfigureAwait(false));

        var polling = PostgreSqlStorageServiceCollectionExtensions.JobStorageOptions();
        polling.EnableLongPolling = false; // Hangfire.PostgreSql's default wake-up: QueuePollInterval (15 s)
        var variants = new (string Label, PostgreSqlStorageOptions Options)[]
        {
            ($"queue poll {polling.QueuePollInterval.TotalSeconds:F0} s (before)", polling),
            ("long polling (product)", PostgreSqlStorageServiceCollectionExtensions.JobStorageOptions()),
        };

        var results = new List<VariantResult>();
        foreach (var (label, jobOptions) in variants)
        {
            results.Add(await RunVariantAsync(options, Path.Combine(dataDirectory, $"pgsteps-{results.Count}"), server, raw, label, jobOptions, warnings, cancellationToken).ConfigureAwait(false));
        }

        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine("== step on PostgreSQL vs raw PostgreSQL commit, side by side (in-memory world) ==");
        Console.WriteLine("Hangfire wake-up               | us/step  cpu us/step | raw us/commit | step/raw | hop in-process ms | hop other process ms");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(inv, $"{r.Label,-30} | {r.StepMicros,7:F1} {r.CpuMicros,11:F1} | {r.RawMicros,13:F1} | {r.Ratio,7:F2}x | {r.HopMillis,17:F1} | {r.CrossHopMillis,20:F1}"));
        }

        var product = results[^1];
        var pass = product.Ratio <= PgFloor;
        return new Verdict(pass ? 0 : 1, string.Create(
            inv,
            $"step (PostgreSQL, in-memory world, {product.Label}) / raw PostgreSQL commit = {product.Ratio:F1}x (floor {PgFloor:0.#}x, goal {PgGoal:0.#}x): {(pass ? "PASS" : "FAIL")}; before (queue poll): {results[0].Ratio:F1}x"));
    }

    private static async Task<VariantResult> RunVariantAsync(
        BenchOptions options, string dataDirectory, PostgresServer server, PgRawCommitHarness raw, string label, PostgreSqlStorageOptions jobOptions, WarningLog warnings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(dataDirectory);
        var definition = BenchDefinition.Write(dataDirectory, options.Services);
        var connectionString = await server.CreateDatabaseAsync().ConfigureAwait(false);

        Console.WriteLine($"== engine step (PostgreSQL, in-memory world, Hangfire {label}): switchover wall time / steps ==");
        await using var engine = await EngineHarness.StartAsync(
            dataDirectory, definition, warnings, options.ProductionLogging, sqliteWorld: false, new PgEngineSetup(connectionString, jobOptions), cancellationToken).ConfigureAwait(false);
        var hop = new QueueHopHarness(engine.Jobs, HopTimeout);
        Console.WriteLine($"engine database     {engine.DatabasePath}");
        Console.WriteLine($"raw commit database {raw.DatabasePath}");
        Console.WriteLine();

        Console.Write("warm-up ... ");
        var warmup = await Program.WarmUpAsync(options.Quick, engine, raw, hop, cancellationToken, HopBatch).ConfigureAwait(false);
        Console.WriteLine($"done ({clock.Elapsed.TotalSeconds:F1} s; {warmup})");
        Console.WriteLine();

        var rounds = new List<RoundResult>();
        Report.PrintHeader();
        var started = Stopwatch.StartNew();
        var measured = options.Quick ? Math.Min(options.Rounds, 2) : options.Rounds;
        for (var r = 1; r <= measured; r++)
        {
            if (r > 3 && started.Elapsed > TimeSpan.FromSeconds(80))
            {
                break;
            }

            var result = await Program.RunRoundAsync(r, engine, raw, hop, Program.PairBatch, HopBatch, cancellationToken).ConfigureAwait(false);
            rounds.Add(result);
            Report.PrintRow($"{r}", result);
        }

        // Jobs enqueued by another process (as another runner or the CLI would): what wakes the idle worker.
        var cross = TimeSpan.Zero;
        for (var i = 0; i < CrossHops; i++)
        {
            cross += await OtherProcessHop.HopAsync(connectionString, jobOptions.EnableLongPolling, HopTimeout, cancellationToken).ConfigureAwait(false);
        }

        var audit = await engine.VerifyAuditAsync(cancellationToken).ConfigureAwait(false);
        var verdict = Report.PrintSummary(options with { Floor = PgFloor }, $"step (PostgreSQL, {label})", rounds, audit.RowsChecked, audit.FirstBrokenId, engine.Store.Timings.DescribeSlow(), warnings, clock.Elapsed, postgres: true);
        Console.WriteLine(verdict.Line);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hop from another process {cross.TotalMilliseconds / CrossHops,8:F1} ms/hop ({CrossHops} jobs enqueued by a child process, each its own Hangfire.PostgreSql client)"));
        Console.WriteLine();

        var pairs = rounds.SelectMany(r => r.Pairs).ToList();
        return new VariantResult(
            label,
            Stats.Median(pairs.Select(p => p.EngineMicrosPerStep)),
            Stats.Median(rounds.Select(r => r.CpuMicrosPerStep)),
            Stats.Median(pairs.Select(p => p.Commits.RawMicrosPerCommit)),
            Stats.Median(pairs.Select(p => p.Ratio)),
            rounds.Sum(r => r.HopTime.TotalMilliseconds) / Math.Max(1, rounds.Sum(r => r.Hops)),
            cross.TotalMilliseconds / CrossHops);
    }

    private sealed record VariantResult(string Label, double StepMicros, double CpuMicros, double RawMicros, double Ratio, double HopMillis, double CrossHopMillis);
}
