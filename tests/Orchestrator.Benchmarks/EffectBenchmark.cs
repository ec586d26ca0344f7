using System.Diagnostics;
using System.Globalization;
using Orchestrator.Engine.Definitions;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Benchmarks;

/// <summary>
/// One world effect, alone: the effects of a switchover of the bench hierarchy (40 services, 3 volumes, the address)
/// called on <see cref="SimulatedWorld"/> directly, back and forth between node1 and node2, once with the SQLite store
/// (world.db in the run's directory) and once with the in-memory store. Prints µs of wall and process CPU and bytes
/// allocated per effect. Informative: no verdict (the step benchmark's is the one that counts).
/// </summary>
internal static class EffectBenchmark
{
    public static async Task<Verdict> RunAsync(BenchOptions options, string dataDirectory, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var directory = Path.Combine(dataDirectory, "effect");
        Directory.CreateDirectory(directory);
        var parsed = ClusterDefinitionParser.ParseFile(BenchDefinition.Write(directory, options.Services));
        var definition = parsed.Definition ?? throw new InvalidOperationException("the bench definition does not parse");
        var hierarchy = definition.Hierarchies.Single();
        var switchovers = options.Quick ? 20 : 100;
        Console.WriteLine(string.Create(inv, $"== one world effect: {switchovers} switchovers of {hierarchy.Name} called on the world directly =="));

        var sqlite = new SqliteWorldStateStore(Path.Combine(directory, "world.db"));
        var figures = new List<string>();
        foreach (var (name, store) in new (string, IWorldStateStore)[] { ("SQLite", sqlite), ("in-memory", new InMemoryWorldStateStore()) })
        {
            var world = new SimulatedWorld(store, TimeProvider.System);
            await world.SeedAsync(definition, cancellationToken).ConfigureAwait(false);
            var procedure = 0L;
            var effects = 0;
            async Task SwitchoverAsync(string from, string to)
            {
                var step = 0;
                EffectKey Key() => new(procedure, ++step, 1);
                procedure++;
                foreach (var service in hierarchy.Application.Services.Reverse())
                {
                    await world.EnsureStoppedAsync(from, service.Name, Key(), cancellationToken).ConfigureAwait(false);
                }

                foreach (var volume in hierarchy.Volumes)
                {
                    await world.EnsureUnmountedAsync(from, volume.Name, Key(), cancellationToken).ConfigureAwait(false);
                }

                await world.EnsureReleasedAsync(from, hierarchy.Address!.Address, Key(), cancellationToken).ConfigureAwait(false);
                foreach (var volume in hierarchy.Volumes)
                {
                    await world.EnsureMountedAsync(to, volume.Name, Key(), cancellationToken).ConfigureAwait(false);
                }

                await world.EnsureOwnedAsync(to, hierarchy.Address!.Address, Key(), cancellationToken).ConfigureAwait(false);
                foreach (var service in hierarchy.Application.Services)
                {
                    await world.EnsureStartedAsync(to, service.Name, Key(), cancellationToken).ConfigureAwait(false);
                }

                effects += step;
            }

            // Warm-up: connection pool, page cache and the JIT. Tiered compilation re-compiles hot methods in the
            // background (tier 0, instrumented, tier 1) for seconds, and that thread's CPU is process CPU: 30
            // switchovers left ~900 methods to compile in the measured ones, ~25 % of their CPU. The warm-up runs at
            // least 30 pairs of switchovers and 8 s, then until a batch of 10 compiles nothing (at most 20 s): a batch can
            // compile nothing while the tiering thread waits out its delay.
            var warmUp = Stopwatch.StartNew();
            for (var i = 0; ; i++)
            {
                var before = System.Runtime.JitInfo.GetCompiledMethodCount();
                for (var j = 0; j < 10; j++)
                {
                    await SwitchoverAsync(BenchDefinition.Primary, BenchDefinition.Backup).ConfigureAwait(false);
                    await SwitchoverAsync(BenchDefinition.Backup, BenchDefinition.Primary).ConfigureAwait(false);
                }

                var settled = i >= 2 && warmUp.Elapsed > TimeSpan.FromSeconds(8) && System.Runtime.JitInfo.GetCompiledMethodCount() == before;
                if (settled || warmUp.Elapsed > TimeSpan.FromSeconds(20))
                {
                    break;
                }
            }

            Console.WriteLine(string.Create(inv, $"{name,-10} warm-up {warmUp.Elapsed.TotalSeconds:F1} s"));

            effects = 0;
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var kernel = process.PrivilegedProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < switchovers / 2; i++)
            {
                await SwitchoverAsync(BenchDefinition.Primary, BenchDefinition.Backup).ConfigureAwait(false);
                await SwitchoverAsync(BenchDefinition.Backup, BenchDefinition.Primary).ConfigureAwait(false);
            }

            var wall = clock.Elapsed.TotalMicroseconds / effects;
            process.Refresh();
            var cpuPer = (process.TotalProcessorTime - cpu).TotalMicroseconds / effects;
            var kernelPer = (process.PrivilegedProcessorTime - kernel).TotalMicroseconds / effects;
            var bytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)effects;
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount() - jitted;
            var line = string.Create(inv, $"{name,-10} {wall,9:F1} us/effect wall  {cpuPer,9:F1} us/effect cpu (kernel {kernelPer:F1})  {bytes / 1024,8:F1} KB allocated/effect  ({effects} effects, {compiled} methods compiled meanwhile)");
            Console.WriteLine(line);
            figures.Add(line);
        }

        Console.WriteLine($"last SQLite effect: {sqlite.LastUpdateRows}");

        // The fixed cost of an update that touches nothing: transaction, row-backed state, flush, commit.
        var emptyCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var emptyAllocated = GC.GetTotalAllocatedBytes(precise: true);
        const int Empty = 2_000;
        for (var i = 0; i < Empty; i++)
        {
            await sqlite.UpdateAsync(_ => 0, cancellationToken).ConfigureAwait(false);
        }

        Console.WriteLine(string.Create(inv, $"empty SQLite update: {(Process.GetCurrentProcess().TotalProcessorTime - emptyCpu).TotalMicroseconds / Empty:F1} us cpu, {(GC.GetTotalAllocatedBytes(precise: true) - emptyAllocated) / 1024.0 / Empty:F1} KB allocated"));

        Console.WriteLine();
        return new Verdict(0, string.Create(inv, $"one world effect (informative): {string.Join("; ", figures.Select(f => string.Join(' ', f.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3))))}"));
    }
}
