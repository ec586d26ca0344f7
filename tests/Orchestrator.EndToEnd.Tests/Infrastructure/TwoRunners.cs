using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Issue 13's two runners: two `serve --no-dashboard` processes, each with its own data directory (its logs and
/// runner.lock), on one PostgreSQL database (a fresh one of the test fixture's server, migrated), which holds the one world
/// both act on (no ORCHESTRATOR_WORLD: the production set-up), with the short claim lease of the crash tests. Commands may be sent through either directory.
/// Callers skip first when <see cref="PostgresServer.MissingReason"/> says PostgreSQL is missing.
/// </summary>
public sealed partial class TwoRunners : IAsyncDisposable
{
    public static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(int.Parse(ShortLease.Milliseconds, CultureInfo.InvariantCulture));

    private TwoRunners(string connection, TempDataDir a, TempDataDir b)
    {
        (Connection, A, B) = (connection, a, b);
    }

    /// <summary>The database both runners share (its connection string).</summary>
    public string Connection { get; }

    public TempDataDir A { get; }

    public TempDataDir B { get; }

    public RunningOrchestrator ServeA { get; private set; } = null!;

    public RunningOrchestrator ServeB { get; private set; } = null!;

    public IReadOnlyList<TempDataDir> Dirs => [A, B];

    /// <summary>
    /// A fresh database, migrated; the definition <paramref name="definition"/> writes applied through A (the world
    /// seeded in the database); <paramref name="beforeServe"/> (world faults, say) run; then both runners started
    /// at once and awaited until each says "serving". <paramref name="environment"/> adds engine settings to both.
    /// </summary>
    public static async Task<TwoRunners> StartAsync(
        Func<TempDataDir, string> definition, IReadOnlyDictionary<string, string>? environment = null, Func<TempDataDir, Task>? beforeServe = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var connection = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        var runners = new TwoRunners(connection, new TempDataDir(), new TempDataDir());
        var keys = runners.A.Sibling("keys"); // S15: runners sharing a database share the key ring its credentials decrypt with
        foreach (var dir in runners.Dirs)
        {
            dir.Environment["ORCHESTRATOR_KEYS_DIR"] = keys;
            dir.Environment["ORCHESTRATOR_STORE"] = "postgres";
            dir.Environment["ORCHESTRATOR_CONNECTION"] = connection;
            dir.Environment[ShortLease.Variable] = ShortLease.Milliseconds;
            foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            {
                dir.Environment[name] = value;
            }
        }

        (await runners.A.RunAsync("db", "migrate")).ShouldExitWith(0);
        await runners.A.ApplyAsync(definition(runners.A));
        Assert.False(File.Exists(Path.Combine(runners.A.Path, "world.db")), "on PostgreSQL the world belongs in the database, not in a data directory");
        if (beforeServe is not null)
        {
            await beforeServe(runners.A);
        }

        runners.ServeA = runners.A.Start("serve", "--no-dashboard");
        runners.ServeB = runners.B.Start("serve", "--no-dashboard");
        var started = await Task.WhenAll(runners.Serves.Select(s => s.WaitForOutputAsync("serving", ServeProcess.Startup)));
        for (var i = 0; i < 2; i++)
        {
            Assert.True(started[i], $"serve {(i == 0 ? "A" : "B")} did not start: {runners.Serves[i].StdOutSoFar} {runners.Serves[i].StdErrSoFar}");
        }

        return runners;
    }

    public IReadOnlyList<RunningOrchestrator> Serves => [ServeA, ServeB];

    /// <summary>The data directory of the runner with process id <paramref name="pid"/>.</summary>
    public TempDataDir DirOf(int pid) => pid == ServeA.Id ? A : pid == ServeB.Id ? B : throw new ArgumentOutOfRangeException(nameof(pid), pid, "not a runner of this test");

    /// <summary>The other runner's process and data directory.</summary>
    public (RunningOrchestrator Serve, TempDataDir Dir) Other(int pid) => pid == ServeA.Id ? (ServeB, B) : (ServeA, A);

    /// <summary>The steps the runner of <paramref name="dir"/> ran, by its log ("Procedure N step S: ..."): (procedure, seq) per start of an action.</summary>
    public static IReadOnlyList<(long Procedure, int Seq)> StepsRunBy(TempDataDir dir)
    {
        ArgumentNullException.ThrowIfNull(dir);
        return LogLines(dir)
                .Select(l => StepLine().Match(l))
                .Where(m => m.Success)
                .Select(m => (long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
                .ToList();
    }

    /// <summary>Every line of the runner's logs (of <paramref name="dir"/>), oldest file first.</summary>
    public static IReadOnlyList<string> LogLines(TempDataDir dir)
    {
        ArgumentNullException.ThrowIfNull(dir);
        var logs = Path.Combine(dir.Path, "logs");
        return Directory.Exists(logs) ? Directory.GetFiles(logs, "*.log").Order(StringComparer.Ordinal).SelectMany(ReadShared).ToList() : [];
    }

    /// <summary>Reads the shared database directly (what the runners committed), one row per element.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        await using var connection = new NpgsqlConnection(Connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(row(reader));
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        var serves = new[] { ServeA, ServeB }.Where(s => s is not null).ToList();
        await Task.WhenAll(serves.Where(s => !s.HasExited).Select(s => s.StopAsync(TimeSpan.FromSeconds(10))));
        serves.ForEach(s => s.Dispose());

        A.Dispose();
        B.Dispose();
    }

    /// <summary>A log file the runner still writes to.</summary>
    private static IEnumerable<string> ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    [GeneratedRegex(@"Procedure (\d+) step (\d+): ")]
    private static partial Regex StepLine();
}
