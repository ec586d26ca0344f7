using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Orchestrator.Testing;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Benchmarks;

/// <summary>
/// A fresh migrated PostgreSQL database with a cluster definition applied (the world seeded in the database), served by
/// <c>serve --no-dashboard</c> child processes of the built CLI, each with its own data directory (its log in
/// DIR/logs), as in production. Disposing stops them (SIGTERM, then kill).
/// </summary>
internal sealed partial class PgServeCluster : IAsyncDisposable
{
    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(120);

    private PgServeCluster(string connection, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> dirs, IReadOnlyList<RunningOrchestrator> serves)
    {
        Connection = connection;
        Environment = environment;
        Dirs = dirs;
        Serves = serves;
    }

    public string Connection { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The runners' data directories, in the order of <see cref="Serves"/>.</summary>
    public IReadOnlyList<string> Dirs { get; }

    public IReadOnlyList<RunningOrchestrator> Serves { get; }

    /// <summary>
    /// Creates a database on <paramref name="server"/>, migrates it, runs <paramref name="observerSql"/> (a benchmark's
    /// own observing objects) if any, applies <paramref name="definition"/> and starts <paramref name="runners"/> serves.
    /// </summary>
    public static async Task<PgServeCluster> StartAsync(
        PostgresServer server, string directory, string definition, int runners, CancellationToken cancellationToken, string? observerSql = null)
    {
        var connection = await server.CreateDatabaseAsync().ConfigureAwait(false);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ORCHESTRATOR_STORE"] = "postgres",
            ["ORCHESTRATOR_CONNECTION"] = connection,
            // The runners as the product runs them (serve without tiered compilation), unless this process sets the switch.
            [OrchestratorProcess.TieredCompilation] = System.Environment.GetEnvironmentVariable(OrchestratorProcess.TieredCompilation) ?? "",
            ["ORCHESTRATOR_KEYS_DIR"] = Path.Combine(directory, "keys"), // S15: one key ring for the database's directory credentials
        };
        var dirs = Enumerable.Range(1, runners).Select(i => Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"runner{i}"))).ToList();
        await CliAsync(environment, dirs[0], cancellationToken, "db", "migrate").ConfigureAwait(false);
        if (observerSql is not null)
        {
            await using var observer = new NpgsqlConnection(connection);
            await observer.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(observerSql, observer);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await CliAsync(environment, dirs[0], cancellationToken, "cluster", "apply", definition).ConfigureAwait(false);
        await CliAsync(environment, dirs[0], cancellationToken, TestDirectoryAccount.SetArguments, TestDirectoryAccount.Password + "\n").ConfigureAwait(false);
        var serves = dirs.Select(d => OrchestratorProcess.Start(["--data-dir", d, "serve", "--no-dashboard"], environment)).ToList();
        var cluster = new PgServeCluster(connection, environment, dirs, serves);
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

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs the CLI on this database (data directory of runner 1); throws unless it exits 0.</summary>
    public Task CliAsync(CancellationToken cancellationToken, params string[] arguments) => CliAsync(Environment, Dirs[0], cancellationToken, arguments);

    /// <summary>Waits until no procedure is active (false at <paramref name="limit"/>).</summary>
    public async Task<bool> WaitIdleAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            if (await CountAsync("SELECT count(*) FROM procedures WHERE is_active", cancellationToken).ConfigureAwait(false) == 0)
            {
                return true;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    public async Task<long> CountAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Connection);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>The monitor leader (role=holder epoch N), as leader_terms holds it.</summary>
    public async Task<string> LeaderAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Connection);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT string_agg(role || '=' || holder || ' epoch ' || epoch, ', ' ORDER BY role) FROM leader_terms", connection);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string ?? "(none)";
    }

    /// <summary>CPU seconds each serve has used so far (/proc/PID/stat).</summary>
    public IReadOnlyList<double> CpuSeconds() => Serves.Select(s => ProcStat.CpuSeconds(s.Id)).ToList();

    /// <summary>Per serve, the CPU seconds of its background JIT thread so far (<see cref="ProcStat.ThreadCpuSeconds"/>).</summary>
    public IReadOnlyList<double> JitCpuSeconds() => Serves.Select(s => ProcStat.ThreadCpuSeconds(s.Id, ".NET Tiered Com")).ToList();

    /// <summary>Per runner, its "Procedure N step S: ..." log lines so far (one per start of an action).</summary>
    public IReadOnlyList<int> StepsLogged() => Dirs.Select(d => StepStarts(d).Count).ToList();

    /// <summary>
    /// The step starts a runner's log shows: "2026-11-30 15:20:23.123 +00:00 [INF] Procedure 7 step 12: ... (attempt 1)",
    /// with the log's time (milliseconds).
    /// </summary>
    public static IReadOnlyList<StepStart> StepStarts(string dataDir)
    {
        var logs = Path.Combine(dataDir, "logs");
        var starts = new List<StepStart>();
        if (!Directory.Exists(logs))
        {
            return starts;
        }

        foreach (var file in Directory.GetFiles(logs, "*.log"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                var match = StepLine().Match(line);
                if (match.Success
                    && DateTimeOffset.TryParseExact(match.Groups["at"].Value, "yyyy-MM-dd HH:mm:ss.fff zzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
                {
                    starts.Add(new StepStart(
                        long.Parse(match.Groups["p"].Value, CultureInfo.InvariantCulture),
                        int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture),
                        match.Groups["a"].Success ? int.Parse(match.Groups["a"].Value, CultureInfo.InvariantCulture) : 0,
                        at));
                }
            }
        }

        return starts;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Serves.Where(s => !s.HasExited).Select(s => s.StopAsync(TimeSpan.FromSeconds(20)))).ConfigureAwait(false);
        foreach (var serve in Serves)
        {
            serve.Dispose();
        }

        for (var i = 0; i < Dirs.Count; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"world       runner{i + 1}'s updates, whole run: {WorldUpdatesLogged(Dirs[i])}"));
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

    private static Task CliAsync(IReadOnlyDictionary<string, string> environment, string dir, CancellationToken cancellationToken, params string[] arguments) =>
        CliAsync(environment, dir, cancellationToken, arguments, standardInput: null);

    private static async Task CliAsync(IReadOnlyDictionary<string, string> environment, string dir, CancellationToken cancellationToken, string[] arguments, string? standardInput)
    {
        var result = await OrchestratorProcess.RunAsync(["--data-dir", dir, .. arguments], environment, CliTimeout, standardInput, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"orchestrator {string.Join(' ', arguments)} failed: {result}");
        }
    }

    [GeneratedRegex(@"^(?<at>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [+-]\d\d:\d\d) \[\w+\] Procedure (?<p>\d+) step (?<s>\d+): .*?(\(attempt (?<a>\d+)\))?( \{|$)")]
    private static partial Regex StepLine();
}
