using System.Globalization;
using Orchestrator.Testing;

namespace Orchestrator.Benchmarks;

/// <summary>
/// <c>status --json</c> through the real CLI process on a data directory with many hierarchies (5,000 by default),
/// next to a raw durable commit measured in the same run. Passes when the slowest of the runs takes at most 1 s.
/// A run past its time limit is killed and counts as that limit.
/// </summary>
internal static class StatusBenchmark
{
    private const double FloorSeconds = 1.0;

    public static async Task<Verdict> RunAsync(BenchOptions options, string dataDirectory, RawCommitHarness raw, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var hierarchies = options.Quick ? 500 : 5_000;
        var limit = TimeSpan.FromSeconds(options.Quick ? 30 : 120);
        Console.WriteLine(string.Create(inv, $"== status: `orchestrator status --json` (the real CLI process) at {hierarchies:N0} hierarchies =="));
        var directory = Path.Combine(dataDirectory, "status");
        try
        {
            if (await ScaleSetup.PrepareAsync(directory, hierarchies, 50, 10, automaticFailover: false, TimeSpan.FromSeconds(options.Quick ? 120 : 600), cancellationToken).ConfigureAwait(false) is null)
            {
                return new Verdict(1, string.Create(inv, $"status at {hierarchies:N0} hierarchies: not measured, the set-up did not finish (floor {FloorSeconds:0.#} s): FAIL"));
            }

            // The first run also pays the page cache and the runtime's start-up; three runs, the slowest is the verdict.
            var times = new List<double>();
            var timedOut = false;
            for (var i = 0; i < 3 && !timedOut; i++)
            {
                var run = await OrchestratorProcess.RunAsync(["--data-dir", directory, "--json", "status"], timeout: limit, cancellationToken: cancellationToken).ConfigureAwait(false);
                Console.WriteLine(string.Create(inv, $"run {i + 1}       {run.Describe()}{(run.Succeeded ? $", {run.StdOut.Length / 1024:N0} KB of JSON" : "")}"));
                if (!run.TimedOut && run.ExitCode != 0)
                {
                    return new Verdict(2, $"status benchmark invalid: `status --json` {run.Describe()}");
                }

                if (run.Succeeded && !run.StdOut.Contains(ScaleDefinition.HierarchyName(hierarchies - 1), StringComparison.Ordinal))
                {
                    return new Verdict(2, $"status benchmark invalid: `status --json` does not list {ScaleDefinition.HierarchyName(hierarchies - 1)}");
                }

                timedOut = run.TimedOut;
                times.Add(run.Elapsed.TotalSeconds);
            }

            var rawMicros = RawCommitHarness.MeasureMicros(raw, 200);
            var worst = times.Max();
            Console.WriteLine(string.Create(inv, $"raw commit  {rawMicros:F1} us/commit (200 commits right after); status / raw commit = {worst * 1e6 / rawMicros:N0}x"));
            Console.WriteLine();
            var pass = !timedOut && worst <= FloorSeconds;
            var shown = timedOut ? string.Create(inv, $"> {limit.TotalSeconds:F0} s (killed)") : string.Create(inv, $"{worst:F2} s (slowest of {times.Count})");
            return new Verdict(pass ? 0 : 1, string.Create(inv, $"status --json at {hierarchies:N0} hierarchies {shown} (floor {FloorSeconds:0.#} s): {(pass ? "PASS" : "FAIL")}"));
        }
        finally
        {
            TryDelete(directory);
        }
    }

    internal static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"could not delete {directory}: {e.Message}");
        }
    }
}
