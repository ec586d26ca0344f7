using System.Globalization;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Benchmarks;

/// <summary>
/// Issue 13's storm on PostgreSQL (<c>--only pgstorm</c>): the 200/20/5 cluster of the SQLite storm
/// (<see cref="ScaleDefinition"/>, monitor every 1 s, threshold 3) with the world in the database, served by ONE and by
/// TWO runners (the built CLI's <c>serve --no-dashboard</c> as child processes, each with its own data directory, as in
/// production). Made fair (<see cref="PgStormRun"/>): every storm on a fresh database of its own (the same state at the
/// start), every runner warmed up by a switchover round it must have run steps in, and <c>--runs N</c> pairs in
/// alternating order (one, two, two, one, one, two...), so that neither count always comes first on a drifting machine.
/// Prints per run the time, steps and CPU seconds per runner, the PostgreSQL cluster's CPU seconds and the load average;
/// the verdict is the ratio of the medians two/one (PASS at most 1.1, a margin for the shared machine's noise).
/// </summary>
internal static class PgStormBenchmark
{
    private const double Margin = 1.1;

    public static async Task<Verdict> RunAsync(BenchOptions options, string dataDirectory, CancellationToken cancellationToken)
    {
        if (PostgresServer.MissingReason is { } missing)
        {
            return new Verdict(2, $"storm (PostgreSQL): cannot run: {missing}");
        }

        var inv = CultureInfo.InvariantCulture;
        var shape = options.Quick ? StormShape.Quick : StormShape.Full;
        var runs = options.Quick ? 1 : options.Runs;
        var settle = TimeSpan.FromSeconds(options.Quick ? 3 : 6); // after "serving": the leader elected, a few healthy monitor rounds
        var limit = TimeSpan.FromSeconds(options.Quick ? 60 : 120);
        var server = await PostgresServer.GetAsync().ConfigureAwait(false);
        Console.WriteLine(string.Create(inv, $"PostgreSQL cluster on 127.0.0.1:{server.Port} (started in {server.StartTime.TotalSeconds:F1} s, fsync on, synchronous_commit on); {runs} pair(s) of storms, order alternating"));

        var results = new List<(int Run, PgStormRun.Result Result)>();
        for (var run = 1; run <= runs; run++)
        {
            foreach (var runners in Order(run))
            {
                var dir = Path.Combine(dataDirectory, string.Create(inv, $"pgstorm-{run}-{runners}"));
                results.Add((run, await PgStormRun.RunAsync(server, shape, dir, runners, settle, limit, cancellationToken).ConfigureAwait(false)));
            }
        }

        Console.WriteLine(string.Create(inv, $"== storm {shape} on PostgreSQL (world in the database), failure -> all affected in service, {runs} pair(s) in alternating order =="));
        Console.WriteLine("run | runners | seconds | steps per runner (log) | steps seen claimed | cpu s per runner | cpu s PostgreSQL | load 1/5/15 | warm in every runner");
        foreach (var (run, r) in results)
        {
            Console.WriteLine(string.Create(inv, $"{run,3} | {r.Runners,7} | {(r.Seconds is { } s ? s.ToString("F2", inv) : "FAIL"),7} | {string.Join(" + ", r.StepsLogged),22} | {string.Join(" + ", r.StepsClaimed),18} | {PgStormRun.Seconds(r.Cpu),16} | {r.ServerCpu,16:F2} | {r.LoadAverage,11} | {(r.Warmed ? "yes" : "NO")}"));
        }

        Console.WriteLine();
        var one = results.Where(r => r.Result.Runners == 1).Select(r => r.Result).ToList();
        var two = results.Where(r => r.Result.Runners == 2).Select(r => r.Result).ToList();
        if (one.Concat(two).FirstOrDefault(r => r.Seconds is null) is { } failed)
        {
            return new Verdict(1, string.Create(inv, $"storm {shape} on PostgreSQL: not all in service within {limit.TotalSeconds:F0} s with {failed.Runners} runner(s) ({failed.InService} of {failed.Affected}): FAIL"));
        }

        var pairs = Enumerable.Range(0, runs).Select(i => two[i].Seconds!.Value / one[i].Seconds!.Value).ToList();
        var first = Stats.Median(one.Select(r => r.Seconds!.Value));
        var second = Stats.Median(two.Select(r => r.Seconds!.Value));
        var ratio = second / first;
        var pass = ratio <= Margin && one.Concat(two).All(r => r.Warmed);
        var cpuOne = Stats.Median(one.Select(r => r.Cpu.Sum()));
        var cpuTwo = Stats.Median(two.Select(r => r.Cpu.Sum()));
        return new Verdict(pass ? 0 : 1, string.Create(
            inv,
            $"storm {shape} on PostgreSQL, {runs} pair(s) alternating, warmed: median one runner {first:F2} s, two runners {second:F2} s after the failure (incl. detection, 3 rounds of 1 s), two/one = {ratio:F2} (per pair {string.Join(", ", pairs.Select(p => p.ToString("F2", inv)))}; PASS at <= {Margin:F1}, every runner warm); runners' cpu {cpuOne:F1} s vs {cpuTwo:F1} s: {(pass ? "PASS" : "FAIL")}"));
    }

    /// <summary>Run 1: one then two; run 2: two then one; and so on.</summary>
    internal static int[] Order(int run) => run % 2 == 1 ? [1, 2] : [2, 1];
}
