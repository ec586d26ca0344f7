using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Orchestrator.Environment.PostgreSql;
using Orchestrator.Environment.World;
using Orchestrator.Testing;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Benchmarks;

/// <summary>
/// Issue 13's storm on PostgreSQL (<c>--only pgstorm</c>): the 200/20/5 cluster of the SQLite storm
/// (<see cref="ScaleDefinition"/>, monitor every 1 s, threshold 3) applied to a fresh migrated database with the world
/// in the database, served by ONE and then by TWO runners (the built CLI's <c>serve --no-dashboard</c> as child
/// processes, each with its own data directory, as in production), each on a database of its own. Five primaries are
/// failed at once in the world, and the world is polled until every affected hierarchy is in service on its backup
/// (limit 120 s: FAIL). Prints both times side by side, the ratio two/one (PASS when two is at most one x 1.1, a
/// margin for the shared machine's noise) and how many steps each runner ran (its log's step lines, and the distinct
/// steps seen claimed by it in <c>procedure_steps.claimed_by</c>, sampled every 20 ms: the column is cleared at commit).
/// </summary>
internal static partial class PgStormBenchmark
{
    private const int Hierarchies = 200;
    private const int Nodes = 20;
    private const int Failed = 5;
    private const double Margin = 1.1;

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan WorldPoll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ClaimPoll = TimeSpan.FromMilliseconds(20);

    /// <summary>After every runner says "serving": the leader elected and a few healthy monitor rounds before the failure.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(6);

    public static async Task<Verdict> RunAsync(BenchOptions options, string dataDirectory, CancellationToken cancellationToken)
    {
        if (PostgresServer.MissingReason is { } missing)
        {
            return new Verdict(2, $"storm (PostgreSQL): cannot run: {missing}");
        }

        var server = await PostgresServer.GetAsync().ConfigureAwait(false);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"PostgreSQL cluster on 127.0.0.1:{server.Port} (started in {server.StartTime.TotalSeconds:F1} s, fsync on, synchronous_commit on)"));
        var one = await RunStormAsync(server, Path.Combine(dataDirectory, "pgstorm-1"), 1, cancellationToken).ConfigureAwait(false);
        var two = await RunStormAsync(server, Path.Combine(dataDirectory, "pgstorm-2"), 2, cancellationToken).ConfigureAwait(false);

        Console.WriteLine(string.Create(inv, $"== storm {Hierarchies}/{Nodes}/{Failed} on PostgreSQL (world in the database), failure -> all affected in service =="));
        Console.WriteLine("runners | seconds after the failure | steps run per runner (log) | steps seen claimed per runner (claimed_by) | load average (1 min) at the failure");
        foreach (var r in new[] { one, two })
        {
            Console.WriteLine(string.Create(inv, $"{r.Runners,7} | {(r.Seconds is { } s ? s.ToString("F2", inv) : "FAIL"),25} | {string.Join(" + ", r.StepsLogged),26} | {string.Join(" + ", r.StepsClaimed),43} | {r.LoadAverage}"));
        }

        Console.WriteLine();
        if (one.Seconds is not { } first || two.Seconds is not { } second)
        {
            return new Verdict(1, string.Create(inv, $"storm {Hierarchies}/{Nodes}/{Failed} on PostgreSQL: not all in service within {Limit.TotalSeconds:F0} s (one runner: {Shown(one)}, two: {Shown(two)}): FAIL"));
        }

        var ratio = second / first;
        var pass = ratio <= Margin;
        return new Verdict(pass ? 0 : 1, string.Create(
            inv,
            $"storm {Hierarchies}/{Nodes}/{Failed} on PostgreSQL: one runner {first:F2} s, two runners {second:F2} s after the failure (incl. detection, 3 rounds of 1 s), two/one = {ratio:F2} (PASS at <= {Margin:F1}: a 10 % margin for noise; steps of the two: {string.Join(" + ", two.StepsLogged)}): {(pass ? "PASS" : "FAIL")}"));
    }

    private static string Shown(StormResult r) =>
        r.Seconds is { } s ? s.ToString("F2", CultureInfo.InvariantCulture) + " s" : $"{r.InService} of {r.Affected}";

    private sealed record StormResult(int Runners, double? Seconds, int InService, int Affected, IReadOnlyList<int> StepsLogged, IReadOnlyList<int> StepsClaimed, string LoadAverage);

    private static async Task<StormResult> RunStormAsync(PostgresServer server, string directory, int runnerCount, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"== storm {Hierarchies}/{Nodes}/{Failed} on PostgreSQL with {runnerCount} runner(s) (serve child processes, world in the database, monitor every 1 s, threshold {ScaleDefinition.FailureThreshold}; limit {Limit.TotalSeconds:F0} s) =="));
        Directory.CreateDirectory(directory);
        var definition = ScaleDefinition.Write(directory, Hierarchies, Nodes, Nodes / 4, automaticFailover: true);
        var connection = await server.CreateDatabaseAsync().ConfigureAwait(false);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ORCHESTRATOR_STORE"] = "postgres",
            ["ORCHESTRATOR_CONNECTION"] = connection,
        };
        var dirs = Enumerable.Range(1, runnerCount).Select(i => Path.Combine(directory, string.Create(inv, $"runner{i}"))).ToList();
        await CliAsync(environment, dirs[0], cancellationToken, "db", "migrate").ConfigureAwait(false);
        var setup = Stopwatch.StartNew();
        await CliAsync(environment, dirs[0], cancellationToken, "cluster", "apply", definition).ConfigureAwait(false);
        Console.WriteLine(string.Create(inv, $"set-up      migrated, cluster applied (world seeded in the database): {setup.Elapsed.TotalSeconds:F1} s"));

        var serves = dirs.Select(d => OrchestratorProcess.Start(["--data-dir", d, "serve", "--no-dashboard"], environment)).ToList();
        try
        {
            var started = await Task.WhenAll(serves.Select(s => s.WaitForOutputAsync("serving", ServeProcess.Startup))).ConfigureAwait(false);
            for (var i = 0; i < serves.Count; i++)
            {
                if (!started[i])
                {
                    throw new InvalidOperationException($"serve {i + 1} did not start: {serves[i].StdOutSoFar} {serves[i].StdErrSoFar}");
                }
            }

            await Task.Delay(Settle, cancellationToken).ConfigureAwait(false);
            var leader = await LeaderAsync(connection, cancellationToken).ConfigureAwait(false);
            Console.WriteLine(string.Create(inv, $"runners     {string.Join(", ", serves.Select((s, i) => $"runner{i + 1} pid {s.Id}"))}; monitor leader: {leader}"));

            using var store = new PostgresWorldStateStore(connection);
            var world = new SimulatedWorld(store, TimeProvider.System);
            var backups = Nodes / 4;
            var affected = Enumerable.Range(0, Hierarchies)
                .Where(h => ScaleDefinition.PrimaryOf(h, Nodes, backups) <= Failed)
                .ToDictionary(ScaleDefinition.HierarchyName, h => ScaleDefinition.NodeName(ScaleDefinition.BackupOf(h, Nodes, backups)), StringComparer.OrdinalIgnoreCase);

            var load = LoadAverage();
            var cpuBefore = serves.Select(CpuSeconds).ToList();
            var serverCpuBefore = ServerCpuSeconds(server.Port);
            var failedAt = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(1, Failed).Select(n => world.FailNodeAsync(ScaleDefinition.NodeName(n), cancellationToken))).ConfigureAwait(false);
            var failedIn = Stopwatch.GetElapsedTime(failedAt).TotalMilliseconds;

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var claims = SampleClaimsAsync(connection, stop.Token);
            var (inService, most, violations, at) = await WatchAsync(world, affected, failedAt, cancellationToken).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            var (claimed, waits) = await claims.ConfigureAwait(false);
            var cpu = serves.Select((s, i) => CpuSeconds(s) - cpuBefore[i]).ToList();
            var serverCpu = ServerCpuSeconds(server.Port) - serverCpuBefore;
            double? seconds = at is { } t ? Stopwatch.GetElapsedTime(failedAt, t).TotalSeconds : null;

            // Let the last steps' log lines reach the files (the procedures end with their last steps after the world shows them in service).
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            var logged = dirs.Select(StepsLogged).ToList();
            var claimedBy = serves.Select(s => claimed.Count(c => c.Contains(string.Create(inv, $":{s.Id}:"), StringComparison.Ordinal))).ToList();
            var steps = await CountAsync(connection, "SELECT count(*) FROM procedure_steps", cancellationToken).ConfigureAwait(false);
            var procedures = await CountAsync(connection, "SELECT count(*) FROM procedures", cancellationToken).ConfigureAwait(false);

            Console.WriteLine(string.Create(inv, $"failure     {Failed} nodes failed in the world at once ({failedIn:F0} ms); load average at the failure: {load}"));
            Console.WriteLine(string.Create(inv, $"world       {inService} of {affected.Count} affected hierarchies in service on their backup; at most {most} node(s) in service for one hierarchy; {violations} invariant violation(s)"));
            Console.WriteLine(string.Create(inv, $"procedures  {procedures} procedures, {steps} steps in the database; steps run per runner (log lines): {string.Join(" + ", logged)}; distinct steps seen claimed per runner: {string.Join(" + ", claimedBy)}"));
            Console.WriteLine(string.Create(inv, $"cpu         from the failure to the end: per runner {string.Join(" + ", cpu.Select(c => c.ToString("F2", inv)))} s, PostgreSQL server {serverCpu:F2} s"));
            Console.WriteLine(string.Create(inv, $"database    sessions of the database, mean of {waits.Samples} samples: {waits.Active:F1} active, of which {waits.LockWaits:F1} waiting on a lock; the waiting statements (mean sessions): {waits.TopWaiters}"));
            Console.WriteLine(seconds is { } sec
                ? string.Create(inv, $"storm       all {affected.Count} in service {sec:F2} s after the failure")
                : string.Create(inv, $"storm       FAIL: not all in service within {Limit.TotalSeconds:F0} s"));
            Console.WriteLine();
            var valid = most <= 1 && violations == 0;
            return new StormResult(runnerCount, valid ? seconds : null, inService, affected.Count, logged, claimedBy, load);
        }
        finally
        {
            await Task.WhenAll(serves.Where(s => !s.HasExited).Select(s => s.StopAsync(TimeSpan.FromSeconds(20)))).ConfigureAwait(false);
            serves.ForEach(s => s.Dispose());
            for (var i = 0; i < dirs.Count; i++)
            {
                Console.WriteLine(string.Create(inv, $"world       runner{i + 1}'s updates, whole run: {WorldUpdatesLogged(dirs[i])}"));
            }
        }
    }

    /// <summary>The runner's "World updates: ..." line (optimistic commits, conflicts per table, fallbacks), logged when it stops.</summary>
    private static string WorldUpdatesLogged(string dataDir)
    {
        const string Marker = "World updates: ";
        var logs = Path.Combine(dataDir, "logs");
        var found = "not logged";
        foreach (var file in Directory.Exists(logs) ? Directory.GetFiles(logs, "*.log") : [])
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.IndexOf(Marker, StringComparison.Ordinal) is var at and >= 0)
                {
                    found = line[(at + Marker.Length)..];
                }
            }
        }

        return found;
    }

    private static async Task CliAsync(IReadOnlyDictionary<string, string> environment, string dir, CancellationToken cancellationToken, params string[] arguments)
    {
        var result = await OrchestratorProcess.RunAsync(["--data-dir", dir, .. arguments], environment, TimeSpan.FromSeconds(120), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"orchestrator {string.Join(' ', arguments)} failed: {result}");
        }
    }

    /// <summary>Reads the world until every affected hierarchy is in service on its backup, or the limit.</summary>
    private static async Task<(int InService, int Most, int Violations, long? At)> WatchAsync(
        SimulatedWorld world, IReadOnlyDictionary<string, string> affected, long failedAt, CancellationToken cancellationToken)
    {
        var most = 0;
        var inService = 0;
        while (Stopwatch.GetElapsedTime(failedAt) < Limit)
        {
            await Task.Delay(WorldPoll, cancellationToken).ConfigureAwait(false);
            var snapshot = await world.SnapshotAsync(cancellationToken).ConfigureAwait(false);
            var now = Stopwatch.GetTimestamp();
            inService = StormBenchmark.InServiceOnBackup(snapshot, affected, ref most);

            if (snapshot.Violations.Count > 0 || most > 1)
            {
                return (inService, most, snapshot.Violations.Count, null);
            }

            if (inService == affected.Count)
            {
                return (inService, most, 0, now);
            }
        }

        return (inService, most, 0, null);
    }

    private sealed record SessionWaits(int Samples, double Active, double LockWaits, string TopWaiters);

    /// <summary>
    /// Every (procedure, step, claimed_by) seen while running, sampled every 20 ms until stopped, and the database's
    /// sessions: how many are active and how many of them wait on a lock (pg_stat_activity), averaged over the samples.
    /// </summary>
    private static async Task<(HashSet<string> Claimed, SessionWaits Waits)> SampleClaimsAsync(string connectionString, CancellationToken stop)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var (samples, active, locked) = (0, 0L, 0L);
        var waiters = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(stop).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT procedure_id || '/' || seq || '@' || claimed_by FROM procedure_steps WHERE claimed_by IS NOT NULL", connection);
            await using var sessions = new NpgsqlCommand(
                "SELECT count(*) FILTER (WHERE state = 'active'), count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock') " +
                "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
            await using var waiting = new NpgsqlCommand(
                "SELECT regexp_replace(left(query, 70), '\\s+', ' ', 'g'), count(*) FROM pg_stat_activity " +
                "WHERE datname = current_database() AND state = 'active' AND wait_event_type = 'Lock' GROUP BY 1", connection);
            while (!stop.IsCancellationRequested)
            {
                await using (var reader = await command.ExecuteReaderAsync(stop).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(stop).ConfigureAwait(false))
                    {
                        seen.Add(reader.GetString(0));
                    }
                }

                await using (var reader = await sessions.ExecuteReaderAsync(stop).ConfigureAwait(false))
                {
                    if (await reader.ReadAsync(stop).ConfigureAwait(false))
                    {
                        samples++;
                        active += reader.GetInt64(0);
                        locked += reader.GetInt64(1);
                    }
                }

                await using (var reader = await waiting.ExecuteReaderAsync(stop).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(stop).ConfigureAwait(false))
                    {
                        var query = reader.GetString(0);
                        waiters[query] = waiters.GetValueOrDefault(query) + reader.GetInt64(1);
                    }
                }

                await Task.Delay(ClaimPoll, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (NpgsqlException) when (stop.IsCancellationRequested)
        {
        }

        var top = string.Join("; ", waiters.OrderByDescending(w => w.Value).Take(3).Select(w => string.Create(CultureInfo.InvariantCulture, $"{(double)w.Value / Math.Max(1, samples):F1} x \"{w.Key}\"")));
        return (seen, new SessionWaits(samples, samples == 0 ? 0 : (double)active / samples, samples == 0 ? 0 : (double)locked / samples, top));
    }

    /// <summary>
    /// CPU seconds of the PostgreSQL server listening on <paramref name="port"/> (Linux /proc): the postmaster with its
    /// reaped children, and its live backends; NaN where /proc cannot tell.
    /// </summary>
    private static double ServerCpuSeconds(int port)
    {
        try
        {
            var option = string.Create(CultureInfo.InvariantCulture, $"-p\0{port}\0");
            var stats = new List<(int Pid, int Parent, long Own, long Children)>();
            int? postmaster = null;
            foreach (var dir in Directory.GetDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    continue;
                }

                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    long Field(int n) => long.Parse(fields[n - 3], CultureInfo.InvariantCulture); // man 5 proc: field n, counted from 1; fields[0] is field 3
                    stats.Add((pid, (int)Field(4), Field(14) + Field(15), Field(16) + Field(17)));
                    if (postmaster is null && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(option, StringComparison.Ordinal) && stat.Contains("(postgres)", StringComparison.Ordinal))
                    {
                        postmaster = pid;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
                {
                    // a process that ended while being read
                }
            }

            if (postmaster is not { } root)
            {
                return double.NaN;
            }

            var ticks = stats.Where(s => s.Pid == root).Sum(s => s.Own + s.Children) + stats.Where(s => s.Parent == root).Sum(s => s.Own);
            return ticks / 100.0; // USER_HZ
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }

    private static async Task<string> LeaderAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT string_agg(role || '=' || holder || ' epoch ' || epoch, ', ' ORDER BY role) FROM leader_terms", connection);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string ?? "(none)";
    }

    private static async Task<long> CountAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>The runner's "Procedure N step S: ..." log lines (one per start of an action).</summary>
    private static int StepsLogged(string dataDir)
    {
        var logs = Path.Combine(dataDir, "logs");
        if (!Directory.Exists(logs))
        {
            return 0;
        }

        var count = 0;
        foreach (var file in Directory.GetFiles(logs, "*.log"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (StepLine().IsMatch(line))
                {
                    count++;
                }
            }
        }

        return count;
    }

    private static double CpuSeconds(RunningOrchestrator process)
    {
        try
        {
            return Process.GetProcessById(process.Id).TotalProcessorTime.TotalSeconds;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return double.NaN;
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    [GeneratedRegex(@"Procedure (\d+) step (\d+): ")]
    private static partial Regex StepLine();
}
