using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Benchmarks;

/// <summary>What the harness prints: the environment, one row per round, the summary and the verdict.</summary>
internal static class Report
{
    internal static void PrintEnvironment(BenchOptions options, string dataDirectory)
    {
        Console.WriteLine("Orchestrator benchmarks: replica-list update throughput, per-step engine overhead and failover latency vs. one raw durable SQLite commit");
        Console.WriteLine($"machine    {RuntimeInformation.OSDescription}, {System.Environment.ProcessorCount} CPUs, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}");
        Console.WriteLine($"sqlite     {SqliteVersion()}; WAL, synchronous=FULL, pooled connections (the product's settings)");
        Console.WriteLine($"data dir   {dataDirectory}{FileSystemOf(dataDirectory)}");
        if (options.RunsSteps)
        {
            Console.WriteLine($"steps      switchover of a hierarchy with {options.Services} services = {BenchDefinition.ExpectedSteps(options.Services)} steps, alternating node1 <-> node2; SQLite world (world.db, the real path), then the in-memory world beside it");
        }

        if (options.RunsFailover)
        {
            Console.WriteLine($"failover   {options.Failovers} monitor-detected failovers of the two-node sample hierarchy (at least {FailoverDefinition.MinSteps} steps), alternating node1 <-> node2; in-memory simulated world");
        }

        if (options.Quick)
        {
            Console.WriteLine("budget     --quick: a small budget (fewer rounds, smaller clusters, shorter limits); the figures only show the harness works");
        }

        Console.WriteLine($"logging    {(options.ProductionLogging ? "product Serilog setup (Information to a rolling file)" : "warnings only (to stderr)")}");
        var optimized = IsOptimized(typeof(ProcedureRunner).Assembly) && IsOptimized(typeof(Program).Assembly);
        if (!optimized)
        {
            Console.WriteLine("WARNING    the engine or this harness is not an optimized build: run with -c Release; the figures below are not meaningful");
        }

        Console.WriteLine();
    }

    private const string Rule = "------+-------------+-----------------------------+------------------+-------------------+------------------+----------------";

    internal static void PrintHeader()
    {
        Console.WriteLine("      |             |  engine, us per step        | raw commit       | engine step /     | factory commit   | queue hop");
        Console.WriteLine("round | procs steps |   wall    inline       cpu  |   us/commit      | raw commit        | us      / raw    | us     / raw");
        Console.WriteLine(Rule);
    }

    internal static void PrintRow(string label, RoundResult r) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,5} | {r.Pairs.Count,5} {r.Steps,5} | {r.EngineMicrosPerStep,7:F1} {r.InlineMicrosPerStep,8:F1} {r.CpuMicrosPerStep,9:F1}  | {r.RawMicrosPerCommit,9:F1}        | {r.Ratio,8:F2}x         | {r.FactoryMicrosPerCommit,7:F1} {r.FactoryRatio,5:F2}x  | {r.HopMicros,6:F1} {r.HopRatio,5:F2}x"));

    internal static Verdict PrintSummary(BenchOptions options, string label, List<RoundResult> rounds, long auditEntries, long? brokenAuditId, string slowByMethod, WarningLog warnings, TimeSpan elapsed, bool postgres = false)
    {
        var inv = CultureInfo.InvariantCulture;
        var pairs = rounds.SelectMany(r => r.Pairs).ToList();
        double Pairs(Func<Pair, double> f) => Stats.Median(pairs.Select(f));
        double Rounds(Func<RoundResult, double> f) => Stats.Median(rounds.Select(f));

        var engineStep = Pairs(p => p.EngineMicrosPerStep);
        var inlineStep = Pairs(p => p.InlineMicrosPerStep);
        var recordedStep = Pairs(p => p.RecordedMicrosPerStep);
        var cpuStep = Rounds(r => r.CpuMicrosPerStep);
        var rawCommit = Pairs(p => p.Commits.RawMicrosPerCommit);
        var factoryCommit = Pairs(p => p.Commits.FactoryMicrosPerCommit);
        var factoryRatio = Pairs(p => p.Commits.FactoryMicrosPerCommit / p.Commits.RawMicrosPerCommit);
        var hopMicros = Rounds(r => r.HopMicros);
        var ratio = Pairs(p => p.Ratio);

        Console.WriteLine(Rule);
        Console.WriteLine(string.Create(inv,
            $"  all | {pairs.Count,5} {pairs.Sum(p => p.Engine.Steps),5} | {engineStep,7:F1} {inlineStep,8:F1} {cpuStep,9:F1}  | {rawCommit,9:F1}        | {ratio,8:F2}x         | {factoryCommit,7:F1} {factoryRatio,5:F2}x  | {hopMicros,6:F1} {hopMicros / rawCommit,5:F2}x"));
        Console.WriteLine("Each row: medians over the round's pairs (one switchover + an equally long burst of commits next to it);");
        Console.WriteLine("'all': medians over every pair (cpu and hop: over the rounds). The ratio is taken pair by pair, then the median.");
        Console.WriteLine();

        var stepsPerProcedure = pairs.Sum(p => p.Engine.Steps) / Math.Max(1, pairs.Count);
        Console.WriteLine(string.Create(inv, $"engine step     {engineStep,8:F1} us/step   = {1e6 / engineStep,7:N0} steps/s    switchover wall time / {stepsPerProcedure} steps ({pairs.Count} switchovers in {rounds.Count} rounds)"));
        Console.WriteLine(string.Create(inv, $"  inline step   {inlineStep,8:F1} us/step   = {1e6 / inlineStep,7:N0} steps/s    steady state: first to last step audit timestamp (no launch, queue hop or poll)"));
        Console.WriteLine(string.Create(inv, $"  recorded      {recordedStep,8:F1} us/step                        procedure created_at -> completed_at / steps (no final commit, no poll)"));
        Console.WriteLine(string.Create(inv, $"  cpu           {cpuStep,8:F1} us/step                        process CPU time per step (all threads) while switchovers ran"));
        var totalSteps = (double)pairs.Sum(p => p.Engine.Steps);
        var store = pairs.Aggregate(StoreSnapshot.Empty, (sum, p) => sum + p.Engine.Store);
        double PerStep(StoreCall call) => store.Time(call).TotalMicroseconds / totalSteps;
        var inStore = Enum.GetValues<StoreCall>().Sum(PerStep);
        var meanStep = pairs.Sum(p => p.Engine.Wall.TotalMicroseconds) / totalSteps;
        Console.WriteLine(string.Create(inv, $"  breakdown     {meanStep,8:F1} us/step (mean) = commit transition {PerStep(StoreCall.CommitTransition):F1} + read steps {PerStep(StoreCall.GetSteps):F1} + read procedure {PerStep(StoreCall.Get):F1} + other store calls {PerStep(StoreCall.Other):F1} + outside the store {meanStep - inStore:F1}{(meanStep < inStore ? " (negative: store calls overlapped)" : "")}"));
        Console.WriteLine(string.Create(inv, $"                store calls per step: {store.Count(StoreCall.CommitTransition) / totalSteps:F2} commit, {store.Count(StoreCall.GetSteps) / totalSteps:F2} read-steps ({pairs[0].Engine.Steps} rows each), {store.Count(StoreCall.Get) / totalSteps:F2} read-procedure, {store.Count(StoreCall.Other) / totalSteps:F2} other"));
        var waited = pairs.Count(p => p.Engine.Store.SlowCalls > 0);
        Console.WriteLine(string.Create(inv, $"  lock waits    {waited} of {pairs.Count} switchovers had a procedure-store call of >= {StoreTimings.SlowThreshold.TotalMilliseconds:F0} ms{(postgres ? "" : " (SQLITE_BUSY: Microsoft.Data.Sqlite sleeps 150 ms)")}; by method, warm-up included: {slowByMethod}"));
        Console.WriteLine(string.Create(inv, $"raw commit      {rawCommit,8:F1} us/commit = {1e6 / rawCommit,7:N0} commits/s  {(postgres ? "BEGIN; INSERT one row; COMMIT (kept Npgsql connection, fsync on, synchronous_commit on)" : "BEGIN IMMEDIATE; INSERT one row; COMMIT (open connection, WAL, synchronous=FULL)")}"));
        Console.WriteLine(string.Create(inv, $"factory commit  {factoryCommit,8:F1} us/commit = {factoryRatio,5:F2}x raw      the same through the product's {(postgres ? "PostgresConnectionFactory" : "SqliteConnectionFactory")} (pooled open)"));
        Console.WriteLine(string.Create(inv, $"queue hop       {hopMicros,8:F1} us/hop    = {hopMicros / rawCommit,5:F2}x raw      {(postgres ? "Hangfire.PostgreSql" : "Hangfire.InMemory")} enqueue -> job runs: what a queue round trip per step would add"));
        Console.WriteLine(string.Create(inv, $"ratio           median per pair {ratio:F2}x (verdict); ratio of medians {engineStep / rawCommit:F2}x; rounds {rounds.Min(r => r.Ratio):F2}x .. {rounds.Max(r => r.Ratio):F2}x"));
        Console.WriteLine(string.Create(inv, $"audit chain     {auditEntries} rows, {(brokenAuditId is null ? "intact" : $"BROKEN at id {brokenAuditId}")}; run took {elapsed.TotalSeconds:F1} s"));
        if (warnings.Count > 0)
        {
            Console.WriteLine($"NOTE            the engine logged {warnings.Count} warning(s)/error(s) during the run (see stderr); retries distort the figures");
        }

        Console.WriteLine();
        if (brokenAuditId is not null)
        {
            return new Verdict(2, "engine-step benchmark invalid: the audit chain does not verify");
        }

        var pass = ratio <= options.Floor;
        return new Verdict(pass ? 0 : 1, string.Create(inv, $"{label} / raw commit = {ratio:F1}x (floor {options.Floor:0.##}x): {(pass ? "PASS" : "FAIL")}"));
    }

    internal static string SqliteVersion()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version();";
        return $"SQLite {command.ExecuteScalar()}";
    }

    /// <summary>Best effort, Linux only: the file system the data directory is on (fsync cost depends on it).</summary>
    internal static string FileSystemOf(string path)
    {
        try
        {
            if (!File.Exists("/proc/mounts"))
            {
                return "";
            }

            var full = Path.GetFullPath(path);
            var best = File.ReadLines("/proc/mounts")
                .Select(l => l.Split(' '))
                .Where(f => f.Length >= 3 && (full == f[1] || full.StartsWith(f[1].TrimEnd('/') + "/", StringComparison.Ordinal)))
                .MaxBy(f => f[1].Length);
            return best is null ? "" : $" ({best[2]} on {best[0]}, mounted at {best[1]})";
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    internal static bool IsOptimized(Assembly assembly) =>
        assembly.GetCustomAttribute<DebuggableAttribute>() is not { IsJITOptimizerDisabled: true };
}
