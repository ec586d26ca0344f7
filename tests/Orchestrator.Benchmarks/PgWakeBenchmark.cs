using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Benchmarks;

/// <summary>
/// Issue 13 point 3 (<c>--only pgwake</c>): how soon work starts on PostgreSQL with TWO <c>serve</c> runners (child
/// processes, as in production) and the simulated world in the database at latency 0 (no latency injected). Switchovers
/// of the many-service <see cref="BenchDefinition"/> hierarchy (about 2N+21 quick steps each) are launched one at a time
/// by the CLI; once all have ended the database and the runners' logs give, for every step boundary, the time from step
/// i's completion (its completed_at, the instant its commit began) to the claim of step i+1 (first_started_at) and to the
/// start of its action (the runner's "step N: ... (attempt 1)" log line, millisecond resolution); and for every launch,
/// from the launch's commit (procedures.created_at, the CLI's instant) to its first step's claim and start — the path the
/// launch's NOTIFY wakes (the sweeper LISTENs, dispatches: dispatched_at; Hangfire.PostgreSql's long polling wakes a
/// worker, which claims). The CLI's,
/// the runners' and the database's clocks are this machine's one clock, so the differences carry no clock offset.
/// </summary>
internal static class PgWakeBenchmark
{
    /// <summary>Step boundaries: "within milliseconds" — p99 of commit to next start at most this.</summary>
    private const double BoundaryP99Ms = 100;

    /// <summary>Launches: the median commit to first start below the mean wait of the sweeper's 1-s poll it replaces.</summary>
    private const double LaunchMedianMs = 500;

    private const int MinBoundaries = 200;

    private static readonly TimeSpan ProcedureLimit = TimeSpan.FromSeconds(120);

    public static async Task<Verdict> RunAsync(BenchOptions options, string dataDirectory, CancellationToken cancellationToken)
    {
        if (PostgresServer.MissingReason is { } missing)
        {
            return new Verdict(2, $"wake-up (PostgreSQL): cannot run: {missing}");
        }

        var inv = CultureInfo.InvariantCulture;
        var services = options.Quick ? 10 : options.Services;
        var stepsPer = BenchDefinition.ExpectedSteps(services);
        var switchovers = options.Quick ? 2 : Math.Max(8, (MinBoundaries / (stepsPer - 1)) + 1);
        var server = await PostgresServer.GetAsync().ConfigureAwait(false);
        Console.WriteLine(string.Create(inv, $"PostgreSQL cluster on 127.0.0.1:{server.Port} (started in {server.StartTime.TotalSeconds:F1} s, fsync on, synchronous_commit on)"));
        Console.WriteLine(string.Create(inv, $"== wake-up on PostgreSQL: 2 serve runners, world in the database at latency 0, {switchovers} switchovers of {stepsPer} steps launched one at a time by the CLI (after 2 unmeasured) =="));

        var directory = Path.Combine(dataDirectory, "pgwake");
        Directory.CreateDirectory(directory);
        var definition = BenchDefinition.Write(directory, services);
        await using var cluster = await PgServeCluster.StartAsync(server, directory, definition, 2, cancellationToken, ObserveDispatchesSql).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(options.Quick ? 2 : 4), cancellationToken).ConfigureAwait(false);
        var leader = await cluster.LeaderAsync(cancellationToken).ConfigureAwait(false);
        Console.WriteLine(string.Create(inv, $"runners     {string.Join(", ", cluster.Serves.Select((s, i) => $"runner{i + 1} pid {s.Id}"))}; monitor leader: {leader}"));

        // Warm-up: over and back, not measured.
        var to = BenchDefinition.Backup;
        for (var i = 0; i < 2; i++, to = Other(to))
        {
            await SwitchOverAsync(cluster, to, cancellationToken).ConfigureAwait(false);
        }

        var warm = await cluster.CountAsync("SELECT COALESCE(max(id), 0) FROM procedures", cancellationToken).ConfigureAwait(false);
        var load = ProcStat.LoadAverage();
        var cpuBefore = cluster.CpuSeconds();
        var serverCpuBefore = ProcStat.ServerCpuSeconds(server.Port);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < switchovers; i++, to = Other(to))
        {
            await SwitchOverAsync(cluster, to, cancellationToken).ConfigureAwait(false);
        }

        var elapsed = clock.Elapsed;
        var cpu = cluster.CpuSeconds().Select((c, i) => c - cpuBefore[i]).ToList();
        var serverCpu = ProcStat.ServerCpuSeconds(server.Port) - serverCpuBefore;
        await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false); // the last log lines reach the files

        var rows = await StepRowsAsync(cluster.Connection, warm, cancellationToken).ConfigureAwait(false);
        var starts = new Dictionary<(long, int), (DateTimeOffset At, int Runner)>();
        for (var r = 0; r < cluster.Dirs.Count; r++)
        {
            foreach (var s in PgServeCluster.StepStarts(cluster.Dirs[r]).Where(s => s.Attempt == 1 && s.ProcedureId > warm))
            {
                starts[(s.ProcedureId, s.Seq)] = (s.At, r + 1);
            }
        }

        var boundaries = new WakeSamples();
        var launches = new WakeSamples();
        var dispatches = new WakeSamples();
        var woken = new WakeSamples();
        var perRunner = new int[cluster.Dirs.Count];
        var launchedOn = new int[cluster.Dirs.Count];
        foreach (var procedure in rows.GroupBy(r => r.ProcedureId))
        {
            var steps = procedure.OrderBy(s => s.Seq).ToList();
            var first = steps[0];
            var firstStarted = starts.TryGetValue((first.ProcedureId, first.Seq), out var s1);
            launches.Add(first.FirstStartedAt - first.CreatedAt, firstStarted ? s1.At - first.CreatedAt : null, null);
            dispatches.Add(first.DispatchedAt - first.CreatedAt, first.FirstStartedAt - first.DispatchedAt, null);
            woken.Add(first.DispatchedAt - first.LaunchWrittenAt, null, null);
            if (firstStarted)
            {
                launchedOn[s1.Runner - 1]++;
            }

            foreach (var step in steps)
            {
                if (starts.TryGetValue((step.ProcedureId, step.Seq), out var s))
                {
                    perRunner[s.Runner - 1]++;
                }
            }

            for (var i = 1; i < steps.Count; i++)
            {
                var (before, next) = (steps[i - 1], steps[i]);
                if (before.CompletedAt is not { } done || next.FirstStartedAt is not { } claimed)
                {
                    continue;
                }

                var hasStart = starts.TryGetValue((next.ProcedureId, next.Seq), out var start);
                var crossed = hasStart && starts.TryGetValue((before.ProcedureId, before.Seq), out var prior) ? prior.Runner != start.Runner : (bool?)null;
                boundaries.Add(claimed - done, hasStart ? start.At - done : null, crossed);
            }
        }

        Console.WriteLine(string.Create(inv, $"measured    {switchovers} switchovers in {elapsed.TotalSeconds:F1} s (CLI start-up included); load average (1/5/15 min) before: {load}, after: {ProcStat.LoadAverage()}"));
        Console.WriteLine(string.Create(inv, $"runners     steps started per runner (log): {string.Join(" + ", perRunner)}; launches' first steps per runner: {string.Join(" + ", launchedOn)}"));
        Console.WriteLine(string.Create(inv, $"cpu         the measured switchovers (/proc/PID/stat): per runner {PgStormRun.Seconds(cpu)} s, PostgreSQL cluster {serverCpu:F2} s"));
        Console.WriteLine("what                                        |     n | median ms |   p90 ms |   p99 ms |   max ms");
        boundaries.Print("step i commit -> step i+1 claimed (db)", s => s.Claims);
        boundaries.Print("step i commit -> step i+1 action start (log)", s => s.Starts);
        launches.Print("launch (created_at) -> step 1 claimed (db)", s => s.Claims);
        launches.Print("launch (created_at) -> step 1 start (log)", s => s.Starts);
        dispatches.Print("  of which: launch -> dispatched (sweeper)", s => s.Claims);
        dispatches.Print("  and: dispatched -> claimed (Hangfire hop)", s => s.Starts);
        woken.Print("launch's last write -> dispatched (NOTIFY)", s => s.Claims);
        Console.WriteLine(string.Create(inv, $"            step boundaries whose next step ran on the other runner: {boundaries.Crossed} of {boundaries.Count}; claimed in the step's own commit (0 by construction): {boundaries.ZeroClaims} of {boundaries.Count}"));
        Console.WriteLine("            commit = completed_at / created_at, the instant the committing process took before its commit's round trip; log lines have millisecond resolution");
        Console.WriteLine("            clocks: the CLI, both runners and PostgreSQL run on this machine and read its one clock: the differences carry no clock offset");
        Console.WriteLine("without NOTIFY: serve has no setting to turn it off. A launch would then wait for the sweeper's next pass (every 1 s: 0-1 s, 0.5 s on average) and the");
        Console.WriteLine("            Hangfire hop (Hangfire.PostgreSql without long polling: its 15-s queue poll, see pgsteps); a step boundary does not use NOTIFY at all");
        Console.WriteLine("            (the commit of step i claims step i+1 for its own runner, which goes straight on).");
        Console.WriteLine();

        var p99 = Stats.Percentile(boundaries.Starts, 99);
        var launchMedian = Stats.Median(launches.Starts);
        var enough = boundaries.Starts.Count >= (options.Quick ? 1 : MinBoundaries);
        var pass = enough && p99 <= BoundaryP99Ms && launchMedian <= LaunchMedianMs;
        return new Verdict(pass ? 0 : 1, string.Create(
            inv,
            $"wake-up on PostgreSQL, 2 runners: step commit -> next step start p99 {p99:F1} ms over {boundaries.Starts.Count} boundaries (PASS at <= {BoundaryP99Ms:F0} ms, >= {MinBoundaries} boundaries), launch (created_at) -> first step start median {launchMedian:F0} ms over {launches.Starts.Count} launches (PASS at <= {LaunchMedianMs:F0} ms: the sweeper's 1-s poll averages 500): {(pass ? "PASS" : "FAIL")}"));
    }

    /// <summary>
    /// The benchmark's own observers (not the product's schema), in tables the product never reads: a step's dispatch mark
    /// is cleared when the step is done, so a trigger copies every mark as it is written into bench_dispatches; and the
    /// launch's audit row, the last statement before its COMMIT, has the database's clock_timestamp() noted in
    /// bench_launches (only for a launch's row, whose from_state is null: step commits are not slowed).
    /// </summary>
    private const string ObserveDispatchesSql = """
        CREATE TABLE bench_dispatches (procedure_id bigint NOT NULL, seq integer NOT NULL, dispatched_at timestamptz NOT NULL);
        CREATE FUNCTION bench_observe_dispatch() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.dispatched_at IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.dispatched_at IS DISTINCT FROM OLD.dispatched_at) THEN
                INSERT INTO bench_dispatches VALUES (NEW.procedure_id, NEW.seq, NEW.dispatched_at);
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER bench_observe_dispatch AFTER INSERT OR UPDATE OF dispatched_at ON procedure_steps
            FOR EACH ROW EXECUTE FUNCTION bench_observe_dispatch();
        CREATE TABLE bench_launches (procedure_id bigint NOT NULL, written_at timestamptz NOT NULL);
        CREATE FUNCTION bench_observe_launch() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO bench_launches VALUES (NEW.procedure_id, clock_timestamp());
            RETURN NULL;
        END $$;
        CREATE TRIGGER bench_observe_launch AFTER INSERT ON audit_pending
            FOR EACH ROW WHEN (NEW.procedure_id IS NOT NULL AND NEW.from_state IS NULL) EXECUTE FUNCTION bench_observe_launch();
        """;

    private static string Other(string node) => node == BenchDefinition.Backup ? BenchDefinition.Primary : BenchDefinition.Backup;

    private static async Task SwitchOverAsync(PgServeCluster cluster, string to, CancellationToken cancellationToken)
    {
        await cluster.CliAsync(cancellationToken, "switchover", BenchDefinition.Hierarchy, "--to", to, "--reason", "wake-up benchmark").ConfigureAwait(false);
        if (!await cluster.WaitIdleAsync(ProcedureLimit, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"the switchover to {to} did not end within {ProcedureLimit.TotalSeconds:F0} s");
        }

        var failed = await cluster.CountAsync("SELECT count(*) FROM procedures WHERE state <> 'Completed'", cancellationToken).ConfigureAwait(false);
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} procedure(s) did not end Completed");
        }
    }

    private sealed record StepRow(long ProcedureId, DateTimeOffset CreatedAt, int Seq, DateTimeOffset? FirstStartedAt, DateTimeOffset? CompletedAt, DateTimeOffset? DispatchedAt, DateTimeOffset? LaunchWrittenAt);

    private static async Task<List<StepRow>> StepRowsAsync(string connectionString, long after, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "SELECT p.id, p.created_at, s.seq, s.first_started_at, s.completed_at, " +
            "(SELECT min(d.dispatched_at) FROM bench_dispatches d WHERE d.procedure_id = s.procedure_id AND d.seq = s.seq), " +
            "(SELECT min(l.written_at) FROM bench_launches l WHERE l.procedure_id = p.id) " +
            "FROM procedures p JOIN procedure_steps s ON s.procedure_id = p.id " +
            "WHERE p.id > @after ORDER BY p.id, s.seq", connection);
        command.Parameters.AddWithValue("after", after);
        var rows = new List<StepRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new StepRow(
                reader.GetInt64(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return rows;
    }
}
