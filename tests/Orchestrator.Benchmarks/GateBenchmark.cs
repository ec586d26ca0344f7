using System.Diagnostics;
using System.Globalization;
using Orchestrator.Engine.Admission;
using Orchestrator.Workflows.Switchover;

namespace Orchestrator.Benchmarks;

/// <summary>
/// What the directory-credentials gate (S15) adds to a launch: every switchover, failover, failback and user move asks
/// <see cref="DirectoryCredentialAdmission"/> first, which reads the one credentials row and decrypts it with the key ring.
/// Through the real composition (SQLite product tables, the real writer, store and key ring; in-memory world), interleaved
/// rounds of whole switchovers and of the gate's check alone, once on a fresh history and once after
/// <see cref="GrownHistory"/> more switchovers: prints the check's µs (wall and CPU), its share of a switchover's, and the
/// check's wall at the grown history against the fresh one (the row read is flat in history). Informative: no verdict.
/// </summary>
internal static class GateBenchmark
{
    private const int WarmupSwitchovers = 20;
    private const int Rounds = 5;
    private const int SwitchoversPerRound = 10;
    private const int ChecksPerRound = 500;
    private const int GrownHistory = 400;

    public static async Task<Verdict> RunAsync(BenchOptions options, string dataDirectory, WarningLog warnings, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var directory = Path.Combine(dataDirectory, "gate");
        Directory.CreateDirectory(directory);
        var definition = BenchDefinition.Write(directory, options.Services);
        Console.WriteLine("== directory-credentials gate: its check alone beside whole switchovers (SQLite tables, in-memory world) ==");
        await using var engine = await EngineHarness.StartAsync(directory, definition, warnings, options.ProductionLogging, cancellationToken).ConfigureAwait(false);
        var admission = engine.Get<DirectoryCredentialAdmission>();
        if (!(await admission.CheckAsync(SwitchoverProcedure.KindName, BenchDefinition.Hierarchy, cancellationToken).ConfigureAwait(false)).Usable)
        {
            throw new InvalidOperationException("the bench's directory credentials are not usable: the gate would refuse every move");
        }

        for (var i = 0; i < WarmupSwitchovers; i++)
        {
            await engine.SwitchOverAsync(cancellationToken).ConfigureAwait(false);
        }

        // The check's own path warmed too (tiered compilation re-compiles hot methods for seconds): checks for 5 s.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(5))
        {
            await admission.CheckAsync(SwitchoverProcedure.KindName, BenchDefinition.Hierarchy, cancellationToken).ConfigureAwait(false);
        }

        var rounds = options.Quick ? 2 : Rounds;
        var fresh = await MeasureAsync(engine, admission, rounds, cancellationToken).ConfigureAwait(false);
        Print(inv, "fresh history", fresh);

        for (var i = 0; i < (options.Quick ? GrownHistory / 4 : GrownHistory); i++)
        {
            await engine.SwitchOverAsync(cancellationToken).ConfigureAwait(false);
        }

        var grown = await MeasureAsync(engine, admission, rounds, cancellationToken).ConfigureAwait(false);
        Print(inv, "grown history", grown);
        // Wall, not process CPU: the process's CPU over a round of checks also holds the runtime's background work (the
        // tiering thread, Hangfire's pollers), which is what differs most between the two.
        var flat = grown.CheckWallMicros / fresh.CheckWallMicros;
        Console.WriteLine(string.Create(inv, $"check wall, grown / fresh history: {flat:F2}"));
        Console.WriteLine();
        return new Verdict(0, string.Create(inv,
            $"credentials gate (informative): {fresh.CheckWallMicros:F0} us wall per check = {fresh.CheckWallMicros / fresh.SwitchoverWallMicros:P1} of a switchover's wall; grown/fresh history {flat:F2}"));
    }

    /// <summary>Medians over interleaved rounds: a round of whole switchovers, then a round of checks.</summary>
    private static async Task<GateFigures> MeasureAsync(EngineHarness engine, DirectoryCredentialAdmission admission, int rounds, CancellationToken cancellationToken)
    {
        var switchoverWall = new List<double>();
        var switchoverCpu = new List<double>();
        var checkWall = new List<double>();
        var checkCpu = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            var wall = 0.0;
            var cpu = 0.0;
            for (var i = 0; i < SwitchoversPerRound; i++)
            {
                var sample = await engine.SwitchOverAsync(cancellationToken).ConfigureAwait(false);
                wall += sample.Wall.TotalMicroseconds;
                cpu += sample.Cpu.TotalMicroseconds;
            }

            switchoverWall.Add(wall / SwitchoversPerRound);
            switchoverCpu.Add(cpu / SwitchoversPerRound);

            var cpuBefore = EngineHarness.ProcessCpu();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < ChecksPerRound; i++)
            {
                var verdict = await admission.CheckAsync(SwitchoverProcedure.KindName, BenchDefinition.Hierarchy, cancellationToken).ConfigureAwait(false);
                if (!verdict.Usable)
                {
                    throw new InvalidOperationException($"the gate refused check {i} of round {r}: {verdict.Refusal}");
                }
            }

            checkWall.Add(clock.Elapsed.TotalMicroseconds / ChecksPerRound);
            checkCpu.Add((EngineHarness.ProcessCpu() - cpuBefore).TotalMicroseconds / ChecksPerRound);
        }

        return new GateFigures(Stats.Median(switchoverWall), Stats.Median(switchoverCpu), Stats.Median(checkWall), Stats.Median(checkCpu));
    }

    private static void Print(CultureInfo inv, string label, GateFigures f) =>
        Console.WriteLine(string.Create(inv,
            $"{label,-14} check {f.CheckWallMicros,7:F1} us wall {f.CheckCpuMicros,7:F1} us cpu | switchover {f.SwitchoverWallMicros / 1000,7:F2} ms wall {f.SwitchoverCpuMicros / 1000,7:F2} ms cpu | check / switchover cpu {f.CheckCpuMicros / f.SwitchoverCpuMicros:P2}"));

    /// <summary>Per-call medians, µs: a whole switchover's wall and process CPU, and the gate's check's.</summary>
    private sealed record GateFigures(double SwitchoverWallMicros, double SwitchoverCpuMicros, double CheckWallMicros, double CheckCpuMicros);
}
