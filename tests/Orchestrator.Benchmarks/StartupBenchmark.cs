using System.Diagnostics;
using System.Globalization;
using Orchestrator.Storage.Sqlite;
using Orchestrator.Testing;

namespace Orchestrator.Benchmarks;

/// <summary>
/// A read command's start-up on a data directory whose journal holds 1,000,000 audit rows (<c>--audit-rows</c>; 100,000
/// with <c>--quick</c>): <c>status --json</c> and <c>audit list --limit 1 --json</c> as real CLI processes, interleaved,
/// next to <c>--version</c> (the runtime's start alone) and one <c>db check</c> (the full page scan every command used to
/// run at start). Passes when the median of the read commands is at most 0.5 s.
/// </summary>
internal static class StartupBenchmark
{
    private const double FloorSeconds = 0.5;

    public static async Task<Verdict> RunAsync(BenchOptions options, string dataDirectory, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var rows = options.Quick ? 100_000 : options.AuditRows;
        var runs = options.Quick ? 3 : 7;
        Console.WriteLine(string.Create(inv, $"== startup: a read command's start-up (the real CLI process) with {rows:N0} audit rows =="));
        var directory = Path.Combine(dataDirectory, "startup");
        try
        {
            var apply = await OrchestratorProcess.RunAsync(["--data-dir", directory, "cluster", "apply", Samples.TwoNode], cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!apply.Succeeded)
            {
                return new Verdict(2, $"startup benchmark invalid: `cluster apply` {apply.Describe()}");
            }

            var database = Path.Combine(directory, OrchestratorDatabase.FileName);
            var clock = Stopwatch.StartNew();
            AuditRowsGenerator.Write(database, rows); // one transaction; the chain is not joined to apply's rows (not needed here)
            Console.WriteLine(string.Create(inv, $"rows        {rows:N0} written in {clock.Elapsed.TotalSeconds:F1} s ({new FileInfo(database).Length / (1024 * 1024)} MB)"));

            string[][] commands = [["--version"], ["--json", "status"], ["--json", "audit", "list", "--limit", "1"]];
            var times = commands.ToDictionary(c => string.Join(' ', c), _ => new List<double>());
            for (var i = 0; i < runs + 1; i++) // the first round (page cache, disk) is not recorded
            {
                foreach (var command in commands)
                {
                    var run = await OrchestratorProcess.RunAsync(["--data-dir", directory, .. command], timeout: TimeSpan.FromSeconds(60), cancellationToken: cancellationToken).ConfigureAwait(false);
                    if (!run.Succeeded)
                    {
                        return new Verdict(2, $"startup benchmark invalid: `{string.Join(' ', command)}` {run.Describe()}");
                    }

                    if (i > 0)
                    {
                        times[string.Join(' ', command)].Add(run.Elapsed.TotalSeconds);
                    }
                }
            }

            foreach (var (command, seconds) in times)
            {
                seconds.Sort();
                Console.WriteLine(string.Create(inv, $"{command,-36} median {seconds[seconds.Count / 2]:F3} s, max {seconds[^1]:F3} s ({seconds.Count} runs)"));
            }

            var check = await OrchestratorProcess.RunAsync(["--data-dir", directory, "db", "check"], timeout: TimeSpan.FromSeconds(300), cancellationToken: cancellationToken).ConfigureAwait(false);
            Console.WriteLine(string.Create(inv, $"{"db check (every page read)",-36} {check.Elapsed.TotalSeconds:F3} s, {check.Describe()}"));
            Console.WriteLine();

            var reads = times.Where(t => t.Key != "--version").Select(t => t.Value[t.Value.Count / 2]).ToList();
            var worst = reads.Max();
            var pass = worst <= FloorSeconds;
            return new Verdict(pass ? 0 : 1, string.Create(inv, $"read command start-up at {rows:N0} audit rows: median {worst:F3} s (the slower of status and audit list; floor {FloorSeconds:0.0#} s): {(pass ? "PASS" : "FAIL")}"));
        }
        finally
        {
            StatusBenchmark.TryDelete(directory);
        }
    }
}
