using System.Diagnostics;
using System.Globalization;
using Orchestrator.Storage.Sqlite;
using Orchestrator.Testing;

namespace Orchestrator.Benchmarks;

/// <summary>
/// A read command's start-up on a data directory whose journal holds 1,000,000 audit rows (<c>--audit-rows</c>; 100,000
/// with <c>--quick</c>): <c>status --json</c> and <c>audit list --limit 1 --json</c> as real CLI processes, interleaved
/// with the same commands on a reference data directory (the same cluster, its own few rows) and with <c>--version</c>
/// (the runtime's start alone); wall and CPU time (the child's, from /proc) of each; then one <c>db check</c> (the full page
/// scan every command used to run at start). Passes when the slower read command's median wall time is at most 0.5 s;
/// large / reference is the cost of the rows, whatever the machine's load.
/// </summary>
internal static class StartupBenchmark
{
    private const double FloorSeconds = 0.5;

    public static async Task<Verdict> RunAsync(BenchOptions options, string dataDirectory, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var rows = options.Quick ? 100_000 : options.AuditRows;
        var runs = options.Quick ? 3 : 7;
        Console.WriteLine(string.Create(inv, $"== startup: a read command's start-up (the real CLI process) with {rows:N0} audit rows (load {ProcStat.LoadAverage()}) =="));
        var large = Path.Combine(dataDirectory, "startup");
        var reference = Path.Combine(dataDirectory, "startup-reference");
        try
        {
            foreach (var directory in new[] { large, reference })
            {
                var apply = await OrchestratorProcess.RunAsync(["--data-dir", directory, "cluster", "apply", Samples.TwoNode], cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!apply.Succeeded)
                {
                    return new Verdict(2, $"startup benchmark invalid: `cluster apply` {apply.Describe()}");
                }
            }

            var database = Path.Combine(large, OrchestratorDatabase.FileName);
            var clock = Stopwatch.StartNew();
            AuditRowsGenerator.Write(database, rows); // one transaction; the chain is not joined to apply's rows (not needed here)
            Console.WriteLine(string.Create(inv, $"rows        {rows:N0} written in {clock.Elapsed.TotalSeconds:F1} s ({new FileInfo(database).Length / (1024 * 1024)} MB)"));

            var cases = new List<Case> { new("--version", null, ["--version"]) };
            foreach (var command in new[] { new[] { "--json", "status" }, ["--json", "audit", "list", "--limit", "1"] })
            {
                cases.Add(new Case($"{string.Join(' ', command)} (large)", large, command));
                cases.Add(new Case($"{string.Join(' ', command)} (reference)", reference, command));
            }

            for (var i = 0; i < runs + 1; i++) // the first round (page cache, disk) is not recorded
            {
                foreach (var c in cases)
                {
                    var cpuBefore = ProcStat.ReapedChildrenCpuSeconds();
                    var run = await OrchestratorProcess.RunAsync(c.Directory is null ? c.Command : ["--data-dir", c.Directory, .. c.Command], timeout: TimeSpan.FromSeconds(60), cancellationToken: cancellationToken).ConfigureAwait(false);
                    if (!run.Succeeded)
                    {
                        return new Verdict(2, $"startup benchmark invalid: `{c.Name}` {run.Describe()}");
                    }

                    if (i > 0)
                    {
                        c.Wall.Add(run.Elapsed.TotalSeconds);
                        c.Cpu.Add(ProcStat.ReapedChildrenCpuSeconds() - cpuBefore);
                    }
                }
            }

            foreach (var c in cases)
            {
                Console.WriteLine(string.Create(inv, $"{c.Name,-46} wall median {Median(c.Wall):F3} s (max {c.Wall.Max():F3}), cpu median {Median(c.Cpu):F3} s ({c.Wall.Count} runs)"));
            }

            var check = await OrchestratorProcess.RunAsync(["--data-dir", large, "db", "check"], timeout: TimeSpan.FromSeconds(300), cancellationToken: cancellationToken).ConfigureAwait(false);
            Console.WriteLine(string.Create(inv, $"{"db check (every page read, large)",-46} {check.Describe()}"));
            var pairs = cases.Where(c => c.Name.EndsWith("(large)", StringComparison.Ordinal))
                .Select(c => (c.Name, Large: Median(c.Wall), Reference: Median(cases.Single(r => r.Name == c.Name.Replace("(large)", "(reference)", StringComparison.Ordinal)).Wall)))
                .ToList();
            foreach (var (name, largeWall, referenceWall) in pairs)
            {
                Console.WriteLine(string.Create(inv, $"{name.Replace(" (large)", "", StringComparison.Ordinal),-46} large / reference = {largeWall / referenceWall:F2}x (wall medians)"));
            }

            Console.WriteLine();
            var worst = pairs.Max(p => p.Large);
            var pass = worst <= FloorSeconds;
            return new Verdict(pass ? 0 : 1, string.Create(inv,
                $"read command start-up at {rows:N0} audit rows: median {worst:F3} s wall (the slower of status and audit list; {pairs.Max(p => p.Large / p.Reference):F2}x a few rows; floor {FloorSeconds:0.0#} s): {(pass ? "PASS" : "FAIL")}"));
        }
        finally
        {
            StatusBenchmark.TryDelete(large);
            StatusBenchmark.TryDelete(reference);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private sealed record Case(string Name, string? Directory, string[] Command)
    {
        public List<double> Wall { get; } = [];

        public List<double> Cpu { get; } = [];
    }
}
