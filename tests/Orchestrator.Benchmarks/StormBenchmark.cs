using System.Diagnostics;
using System.Globalization;
using Orchestrator.Environment.World;
using Orchestrator.Host.Monitoring;

namespace Orchestrator.Benchmarks;

/// <summary>
/// A storm: a generated cluster (<see cref="ScaleDefinition"/>: H hierarchies on N nodes, primaries and backup-only
/// nodes) in the real composition with the SQLite world, F primary nodes failed at once, and the product's
/// <see cref="HealthMonitor"/> driven round after round on the cluster's 1 s interval, as serve does. Prints the time
/// from detection (the start of the round that reaches the failure threshold) to every affected hierarchy in
/// service on its backup, checking the world all along: never two nodes in service, no invariant violated.
/// Targets: 3 s for 200/20/5, 10 s for 1,000/50/10.
/// </summary>
internal static class StormBenchmark
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WorldPoll = TimeSpan.FromMilliseconds(250);

    private sealed record Shape(int Hierarchies, int Nodes, int Failed, double FloorSeconds)
    {
        public int Backups => Nodes / 4;

        public string Name => string.Create(CultureInfo.InvariantCulture, $"{Hierarchies}/{Nodes}/{Failed}");
    }

    public static async Task<IReadOnlyList<Verdict>> RunAsync(BenchOptions options, string dataDirectory, RawCommitHarness raw, WarningLog warnings, CancellationToken cancellationToken)
    {
        Shape[] shapes = options.Quick ? [new Shape(200, 20, 5, 3)] : [new Shape(200, 20, 5, 3), new Shape(1_000, 50, 10, 10)];
        var limit = TimeSpan.FromSeconds(options.Quick ? 60 : 120);
        warnings.Expect(typeof(HealthMonitor).FullName!, "Monitor: failover of ");
        var verdicts = new List<Verdict>();
        foreach (var shape in shapes)
        {
            // The same storm on the zero-latency world right after (informative): what is left when the world costs nothing.
            foreach (var sqliteWorld in new[] { true, false })
            {
                var directory = Path.Combine(dataDirectory, $"storm-{shape.Hierarchies}-{(sqliteWorld ? "sqlite" : "memory")}");
                try
                {
                    verdicts.Add(await RunShapeAsync(options, shape, directory, limit, raw, warnings, sqliteWorld, cancellationToken).ConfigureAwait(false));
                }
                finally
                {
                    StatusBenchmark.TryDelete(directory);
                }
            }
        }

        return verdicts;
    }

    private static async Task<Verdict> RunShapeAsync(
        BenchOptions options, Shape shape, string directory, TimeSpan limit, RawCommitHarness raw, WarningLog warnings, bool sqliteWorld, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var worldName = sqliteWorld ? "SQLite world" : "zero-latency (in-memory) world, informative";
        Console.WriteLine(string.Create(inv, $"== storm {shape.Name}: {shape.Hierarchies:N0} hierarchies on {shape.Nodes} nodes ({shape.Backups} backup-only), {shape.Failed} primaries failed at once; {worldName}, monitor every {Interval.TotalSeconds:F0} s (limit {limit.TotalSeconds:F0} s) =="));
        Directory.CreateDirectory(directory);
        var definition = ScaleDefinition.Write(directory, shape.Hierarchies, shape.Nodes, shape.Backups, automaticFailover: true);
        var setup = Stopwatch.StartNew();
        await using var engine = await EngineHarness.StartAsync(directory, definition, warnings, options.ProductionLogging, sqliteWorld, cancellationToken).ConfigureAwait(false);
        Console.WriteLine(string.Create(inv, $"set-up      cluster applied in the composition (untimed): {setup.Elapsed.TotalSeconds:F1} s"));
        var world = engine.Get<SimulatedWorld>();
        var monitor = engine.Get<HealthMonitor>();

        var failed = Enumerable.Range(1, shape.Failed).Select(ScaleDefinition.NodeName).ToList();
        var affected = Enumerable.Range(0, shape.Hierarchies)
            .Where(h => ScaleDefinition.PrimaryOf(h, shape.Nodes, shape.Backups) <= shape.Failed)
            .ToDictionary(ScaleDefinition.HierarchyName, h => ScaleDefinition.NodeName(ScaleDefinition.BackupOf(h, shape.Nodes, shape.Backups)), StringComparer.OrdinalIgnoreCase);
        var rawBefore = RawCommitHarness.MeasureMicros(raw, 100);

        foreach (var node in failed)
        {
            await world.FailNodeAsync(node, cancellationToken).ConfigureAwait(false);
        }

        var storeBefore = engine.Store.Timings.Snapshot();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(limit);
        var started = Stopwatch.GetTimestamp();
        long? detected = null;
        var rounds = new List<double>();
        var watch = WatchWorldAsync(world, affected, stop);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var roundStarted = Stopwatch.GetTimestamp();
                if (rounds.Count + 1 == ScaleDefinition.FailureThreshold)
                {
                    detected = roundStarted;
                }

                await monitor.CheckOnceAsync(stop.Token).ConfigureAwait(false);
                rounds.Add(Stopwatch.GetElapsedTime(roundStarted).TotalSeconds);
                var wait = Interval - Stopwatch.GetElapsedTime(roundStarted);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stop.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // all in service (the watcher stops the rounds) or the time limit
        }

        var outcome = await watch.ConfigureAwait(false);
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var storeDuring = engine.Store.Timings.Snapshot() - storeBefore;
        var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var rawAfter = RawCommitHarness.MeasureMicros(raw, 100);
        var rawMicros = (rawBefore + rawAfter) / 2;
        Console.WriteLine(string.Create(inv, $"rounds      {rounds.Count} monitor rounds completed: median {Stats.Median(rounds):F2} s, max {(rounds.Count > 0 ? rounds.Max() : double.NaN):F2} s"));
        Console.WriteLine(string.Create(inv, $"world       {outcome.InService} of {affected.Count} affected hierarchies in service on their backup at the end; at most {outcome.MostNodesInService} node(s) in service for one hierarchy; {outcome.Violations} invariant violation(s)"));
        Console.WriteLine(string.Create(inv, $"profile     from the failure to the end: {wall:F2} s wall, {cpu:F2} s CPU ({cpu / wall / System.Environment.ProcessorCount:P0} of {System.Environment.ProcessorCount} cores); product store: {storeDuring.Count(StoreCall.CommitTransition):N0} transitions {storeDuring.Time(StoreCall.CommitTransition).TotalSeconds:F2} s, {storeDuring.Count(StoreCall.GetSteps):N0} plan reads {storeDuring.Time(StoreCall.GetSteps).TotalSeconds:F2} s, {storeDuring.Count(StoreCall.Get):N0} instance reads {storeDuring.Time(StoreCall.Get).TotalSeconds:F2} s, other {storeDuring.Count(StoreCall.Other):N0} calls {storeDuring.Time(StoreCall.Other).TotalSeconds:F2} s (summed over concurrent calls); {storeDuring.SlowCalls} calls >= 100 ms (lock waits)"));
        Console.WriteLine("N+1         not applicable: the generated shape is not N+1 (n-plus-1: false)");
        Console.WriteLine(string.Create(inv, $"raw commit  {rawMicros:F1} us/commit (before and after the storm)"));
        if (outcome.MostNodesInService > 1 || outcome.Violations > 0)
        {
            Console.WriteLine();
            return new Verdict(2, string.Create(inv, $"storm {shape.Name} invalid: {outcome.Describe}"));
        }

        double? seconds = outcome.AllInServiceAt is { } at && detected is { } d ? Stopwatch.GetElapsedTime(d, at).TotalSeconds : null;
        if (seconds is { } s)
        {
            Console.WriteLine(string.Create(inv, $"storm       all {affected.Count} in service {s:F2} s after detection ({Stopwatch.GetElapsedTime(started, outcome.AllInServiceAt!.Value).TotalSeconds:F2} s after the failure) = {s * 1e6 / rawMicros:N0}x raw commit"));
        }

        Console.WriteLine();
        if (!sqliteWorld)
        {
            return new Verdict(0, string.Create(inv, $"storm {shape.Name} on the zero-latency world: {(seconds is { } m ? $"{m:F2} s after detection" : "not all in service")} (informative)"));
        }

        var pass = seconds <= shape.FloorSeconds;
        var shown = seconds is { } x
            ? string.Create(inv, $"{x:F2} s after detection")
            : string.Create(inv, $"not within {limit.TotalSeconds:F0} s of the failure ({outcome.InService} of {affected.Count} in service)");
        return new Verdict(pass ? 0 : 1, string.Create(inv, $"storm {shape.Name}: all in service {shown} (floor {shape.FloorSeconds:0} s): {(pass ? "PASS" : "FAIL")}"));
    }

    private sealed record WorldOutcome(int InService, int MostNodesInService, int Violations, long? AllInServiceAt, string Describe);

    /// <summary>Reads the world every 250 ms until every affected hierarchy is in service on its backup (then stops the rounds) or the limit.</summary>
    /// <summary>
    /// How many of <paramref name="affected"/> (hierarchy → backup) are in service on their backup alone in
    /// <paramref name="snapshot"/>; raises <paramref name="most"/> to the most nodes seen in service for one hierarchy.
    /// </summary>
    internal static int InServiceOnBackup(WorldSnapshot snapshot, IReadOnlyDictionary<string, string> affected, ref int most)
    {
        var inService = 0;
        foreach (var (hierarchy, backup) in affected)
        {
            var nodes = snapshot.InServiceNodes(hierarchy);
            most = Math.Max(most, nodes.Count);
            if (nodes is [var on] && string.Equals(on, backup, StringComparison.OrdinalIgnoreCase))
            {
                inService++;
            }
        }

        return inService;
    }

    private static async Task<WorldOutcome> WatchWorldAsync(SimulatedWorld world, IReadOnlyDictionary<string, string> affected, CancellationTokenSource stop)
    {
        var most = 0;
        var inService = 0;
        while (true)
        {
            WorldSnapshot snapshot;
            try
            {
                await Task.Delay(WorldPoll, stop.Token).ConfigureAwait(false);
                snapshot = await world.SnapshotAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return new WorldOutcome(inService, most, 0, null, "time limit");
            }

            var now = Stopwatch.GetTimestamp();
            inService = StormBenchmark.InServiceOnBackup(snapshot, affected, ref most);

            if (snapshot.Violations.Count > 0 || most > 1)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                return new WorldOutcome(inService, most, snapshot.Violations.Count, null, $"{most} nodes in service for one hierarchy; violations: {string.Join("; ", snapshot.Violations)}");
            }

            if (inService == affected.Count)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                return new WorldOutcome(inService, most, 0, now, "all in service");
            }

        }
    }
}
