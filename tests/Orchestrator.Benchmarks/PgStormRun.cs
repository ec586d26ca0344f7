using System.Diagnostics;
using System.Globalization;
using Orchestrator.Environment.PostgreSql;
using Orchestrator.Environment.World;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Benchmarks;

/// <summary>
/// One storm of <see cref="PgStormBenchmark"/>: a fresh migrated database (the same state for every run), the cluster
/// applied, <c>runners</c> serve child processes started; then a warm-up switchover round that must make every runner
/// execute steps (JIT and pools warm in each, as in a runner that has been serving), the failure of the shape's primaries
/// at once, and the world polled until every affected hierarchy is in service on its backup.
/// </summary>
internal static class PgStormRun
{
    private static readonly TimeSpan WorldPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>A whole-world snapshot at least every this many polls, whatever the cheap reads say.</summary>
    private const int SnapshotEvery = 10;

    /// <summary>Warm-up rounds (over and back) at most, until every runner ran steps in one.</summary>
    private const int WarmUpRounds = 3;

    private static readonly TimeSpan WarmUpLimit = TimeSpan.FromSeconds(90);

    /// <summary>One storm's figures: seconds (null: not all in service, or an invariant broken), per-runner steps and CPU.</summary>
    public sealed record Result(
        int Runners,
        double? Seconds,
        int InService,
        int Affected,
        IReadOnlyList<int> StepsLogged,
        IReadOnlyList<int> StepsClaimed,
        IReadOnlyList<double> Cpu,
        double ServerCpu,
        string LoadAverage,
        string WarmUp,
        bool Warmed);

    public static async Task<Result> RunAsync(
        PostgresServer server, StormShape shape, string directory, int runnerCount, TimeSpan settle, TimeSpan limit, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"== storm {shape} on PostgreSQL with {runnerCount} runner(s) (serve child processes, world in the database, monitor every 1 s, threshold {ScaleDefinition.FailureThreshold}; limit {limit.TotalSeconds:F0} s) =="));
        Directory.CreateDirectory(directory);
        var definition = ScaleDefinition.Write(directory, shape.Hierarchies, shape.Nodes, shape.Backups, automaticFailover: true);
        var setup = Stopwatch.StartNew();
        await using var cluster = await PgServeCluster.StartAsync(server, directory, definition, runnerCount, cancellationToken).ConfigureAwait(false);
        Console.WriteLine(string.Create(inv, $"set-up      fresh database migrated, cluster applied (world seeded in the database), {runnerCount} serve(s) serving: {setup.Elapsed.TotalSeconds:F1} s"));

        await Task.Delay(settle, cancellationToken).ConfigureAwait(false);
        var leader = await cluster.LeaderAsync(cancellationToken).ConfigureAwait(false);
        Console.WriteLine(string.Create(inv, $"runners     {string.Join(", ", cluster.Serves.Select((s, i) => $"runner{i + 1} pid {s.Id}"))}; monitor leader: {leader}"));

        var (warmUp, warmed) = await WarmUpAsync(cluster, shape, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"warm-up     {warmUp}");

        // A few healthy monitor rounds after the warm-up's moves before the failure.
        await Task.Delay(TimeSpan.FromSeconds(1.5), cancellationToken).ConfigureAwait(false);
        using var store = new PostgresWorldStateStore(cluster.Connection);
        var world = new SimulatedWorld(store, TimeProvider.System);
        var affected = shape.Affected();

        var loggedBefore = cluster.StepsLogged();
        var load = ProcStat.LoadAverage();
        var cpuBefore = cluster.CpuSeconds();
        var jitBefore = cluster.JitCpuSeconds();
        var serverCpuBefore = ProcStat.ServerCpuSeconds(server.Port);
        await using var probe = await PgWorldProbe.OpenAsync(cluster.Connection, cancellationToken).ConfigureAwait(false);
        var (_, startsBefore) = await probe.ReadAsync(cancellationToken).ConfigureAwait(false);
        await PgStatements.ResetAsync(cluster.Connection, cancellationToken).ConfigureAwait(false);
        var failedAt = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(1, shape.Failed).Select(n => world.FailNodeAsync(ScaleDefinition.NodeName(n), cancellationToken))).ConfigureAwait(false);
        var failedIn = Stopwatch.GetElapsedTime(failedAt).TotalMilliseconds;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var claims = ClaimSampler.SampleAsync(cluster.Connection, stop.Token);
        var (inService, most, violations, at, snapshots) = await WatchAsync(world, probe, startsBefore, affected, failedAt, limit, cancellationToken).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        var (claimed, waits) = await claims.ConfigureAwait(false);
        var cpuAfter = cluster.CpuSeconds();
        var cpu = cpuAfter.Select((c, i) => c - cpuBefore[i]).ToList();
        var jit = cluster.JitCpuSeconds().Select((c, i) => c - jitBefore[i]).ToList();
        var serverCpu = ProcStat.ServerCpuSeconds(server.Port) - serverCpuBefore;
        await PgStatements.PrintAsync(cluster.Connection, cancellationToken).ConfigureAwait(false);
        double? seconds = at is { } t ? Stopwatch.GetElapsedTime(failedAt, t).TotalSeconds : null;

        // Let the last steps' log lines reach the files (the procedures end with their last steps after the world shows them in service).
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        var logged = cluster.StepsLogged().Select((n, i) => n - loggedBefore[i]).ToList();
        var claimedBy = cluster.Serves.Select(s => ClaimSampler.ClaimedBy(claimed, s.Id)).ToList();
        var steps = await cluster.CountAsync("SELECT count(*) FROM procedure_steps", cancellationToken).ConfigureAwait(false);
        var procedures = await cluster.CountAsync("SELECT count(*) FROM procedures", cancellationToken).ConfigureAwait(false);

        Console.WriteLine(string.Create(inv, $"failure     {shape.Failed} nodes failed in the world at once ({failedIn:F0} ms); load average (1/5/15 min) at the failure: {load}"));
        Console.WriteLine(string.Create(inv, $"world       {inService} of {affected.Count} affected hierarchies in service on their backup; at most {most} node(s) in service for one hierarchy; {violations} invariant violation(s) (the world's log read every {WorldPoll.TotalMilliseconds:F0} ms; {snapshots} whole-world snapshot(s))"));
        Console.WriteLine(string.Create(inv, $"procedures  {procedures} procedures, {steps} steps in the database (warm-up's included); storm steps run per runner (log lines): {string.Join(" + ", logged)}; distinct steps seen claimed per runner: {string.Join(" + ", claimedBy)}"));
        Console.WriteLine(string.Create(inv, $"cpu         from the failure to all in service (/proc/PID/stat): per runner {Seconds(cpu)} s (of which background JIT {Seconds(jit)} s), {1000 * cpu.Sum() / Math.Max(1, logged.Sum()):F2} ms of runner CPU per storm step, PostgreSQL cluster {serverCpu:F2} s; runners since start {Seconds(cpuAfter)} s"));
        Console.WriteLine(string.Create(inv, $"database    sessions of the database, mean of {waits.Samples} samples: {waits.Active:F1} active, of which {waits.LockWaits:F1} waiting on a lock; the waiting statements (mean sessions): {waits.TopWaiters}"));
        Console.WriteLine(seconds is { } sec
            ? string.Create(inv, $"storm       all {affected.Count} in service {sec:F2} s after the failure")
            : string.Create(inv, $"storm       FAIL: not all in service within {limit.TotalSeconds:F0} s"));
        Console.WriteLine();
        var valid = most <= 1 && violations == 0;
        return new Result(runnerCount, valid ? seconds : null, inService, affected.Count, logged, claimedBy, cpu, serverCpu, load, warmUp, warmed);
    }

    internal static string Seconds(IEnumerable<double> values) => string.Join(" + ", values.Select(c => c.ToString("F2", CultureInfo.InvariantCulture)));

    /// <summary>
    /// Switches the shape's warm-up hierarchies (none on a failed node) to their backup and back, all launched at once
    /// from the CLI, until every runner executed steps in a round (its log's step lines, and steps seen claimed by it in
    /// claimed_by), at most <see cref="WarmUpRounds"/> rounds. The hierarchies end where they began, so every run starts
    /// the storm from the same state.
    /// </summary>
    private static async Task<(string Text, bool Warmed)> WarmUpAsync(PgServeCluster cluster, StormShape shape, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var hierarchies = shape.WarmUpHierarchies();
        var clock = Stopwatch.StartNew();
        var rounds = new List<string>();
        for (var round = 1; round <= WarmUpRounds; round++)
        {
            var loggedBefore = cluster.StepsLogged();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var claims = ClaimSampler.SampleAsync(cluster.Connection, stop.Token);
            foreach (var to in new[] { 2, 1 })
            {
                await Task.WhenAll(hierarchies.Select(h => cluster.CliAsync(cancellationToken, "switchover", h.Hierarchy, "--to", to == 2 ? h.Backup : h.Primary, "--reason", "benchmark warm-up"))).ConfigureAwait(false);
                if (!await cluster.WaitIdleAsync(WarmUpLimit, cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidOperationException($"the warm-up's switchovers did not end within {WarmUpLimit.TotalSeconds:F0} s");
                }
            }

            await stop.CancelAsync().ConfigureAwait(false);
            var (claimed, _) = await claims.ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false); // the last log lines reach the files
            var logged = cluster.StepsLogged().Select((n, i) => n - loggedBefore[i]).ToList();
            var claimedBy = cluster.Serves.Select(s => ClaimSampler.ClaimedBy(claimed, s.Id)).ToList();
            rounds.Add(string.Create(inv, $"round {round}: steps per runner {string.Join(" + ", logged)} (log), {string.Join(" + ", claimedBy)} (seen in claimed_by)"));
            if (logged.All(n => n > 0) && claimedBy.All(n => n > 0))
            {
                return (string.Create(inv, $"{hierarchies.Count} hierarchies over and back, {clock.Elapsed.TotalSeconds:F1} s; {string.Join("; ", rounds)}; every runner ran steps"), true);
            }
        }

        return (string.Create(inv, $"{hierarchies.Count} hierarchies over and back, {clock.Elapsed.TotalSeconds:F1} s; {string.Join("; ", rounds)}; NOT every runner ran steps (this run is not warm in every runner)"), false);
    }

    /// <summary>
    /// Watches the world until every affected hierarchy is in service on its backup, or the limit: every
    /// <see cref="WorldPoll"/> the cheap reads of <see cref="PgWorldProbe"/> (the world's violation log, the service
    /// starts applied), and a whole-world snapshot (which decides "in service", and counts the nodes each hierarchy is in
    /// service on) only once the starts since the failure could have brought them all in service, or every
    /// <see cref="SnapshotEvery"/>th poll regardless — the storm's time is still the first poll whose snapshot shows them
    /// all, while the harness no longer reads the whole world ten times a second on the machine it measures.
    /// </summary>
    private static async Task<(int InService, int Most, int Violations, long? At, int Snapshots)> WatchAsync(
        SimulatedWorld world, PgWorldProbe probe, long startsBefore, IReadOnlyDictionary<string, string> affected, long failedAt, TimeSpan limit, CancellationToken cancellationToken)
    {
        var most = 0;
        var inService = 0;
        var snapshots = 0;
        for (var poll = 1; Stopwatch.GetElapsedTime(failedAt) < limit; poll++)
        {
            await Task.Delay(WorldPoll, cancellationToken).ConfigureAwait(false);
            var (violations, starts) = await probe.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (violations == 0 && starts - startsBefore < affected.Count && poll % SnapshotEvery != 0)
            {
                continue;
            }

            var snapshot = await world.SnapshotAsync(cancellationToken).ConfigureAwait(false);
            snapshots++;
            var now = Stopwatch.GetTimestamp();
            inService = StormBenchmark.InServiceOnBackup(snapshot, affected, ref most);

            if (snapshot.Violations.Count > 0 || most > 1)
            {
                return (inService, most, Math.Max(snapshot.Violations.Count, (int)violations), null, snapshots);
            }

            if (inService == affected.Count)
            {
                return (inService, most, 0, now, snapshots);
            }
        }

        return (inService, most, 0, null, snapshots);
    }
}
