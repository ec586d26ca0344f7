using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Orchestrator.Testing.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster, one per test process: started on first use (initdb + pg_ctl in a temporary directory,
/// on a free loopback port, fsync on, as the <c>postgres</c> user when the tests run as root) and stopped when the process
/// exits. Each test (class) takes its own fresh database from <see cref="CreateDatabaseAsync"/>. A cluster left behind by
/// a killed test process is stopped and removed by the next one. When the binaries are missing,
/// <see cref="MissingReason"/> says so: the PostgreSQL tests are then reported as skipped with that reason.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string DirectoryPrefix = "orch-pg-";
    private const string OwnerFile = "owner.pid";

    private static readonly (string? Directory, string? Missing) Binaries = PostgresBinaries.Find();
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _databases;

    private readonly string _root;

    private PostgresServer(string binDirectory, string root, int port, TimeSpan startTime)
    {
        BinDirectory = binDirectory;
        _root = root;
        Port = port;
        StartTime = startTime;
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(), Port = port, Username = PostgresCommand.ServiceUser, Database = "postgres",
            Timeout = 15, IncludeErrorDetail = true,
        }.ConnectionString;
    }

    /// <summary>Why the PostgreSQL tests cannot run on this machine (no server binaries); null when they can.</summary>
    public static string? MissingReason => Binaries.Missing;

    /// <summary>The process's cluster, started on the first call.</summary>
    public static Task<PostgresServer> GetAsync() =>
        MissingReason is { } missing ? throw new InvalidOperationException(missing) : Shared.Value;

    /// <summary>
    /// A cluster of the caller's own, not shared with the other tests of the process: for a test that stops or restarts
    /// its server (<see cref="RestartImmediateAsync"/>), which would break every other test using the shared one.
    /// Stopped by <see cref="DisposeAsync"/> (or at process exit).
    /// </summary>
    public static Task<PostgresServer> StartOwnAsync() =>
        MissingReason is { } missing ? throw new InvalidOperationException(missing) : StartAsync();

    public string BinDirectory { get; }

    public int Port { get; }

    /// <summary>How long initdb + pg_ctl start took.</summary>
    public TimeSpan StartTime { get; }

    /// <summary>The administrator's connection (database postgres, user postgres, trust authentication on loopback).</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// A new database of its own, returning its connection string: empty (no tables), or a copy of
    /// <paramref name="template"/> (a database made by <see cref="CreateDatabaseAsync"/> and left without connections,
    /// e.g. migrated once so that each test does not migrate again).
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string? template = null)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"orch_{Interlocked.Increment(ref _databases)}");
        var from = template is null ? "" : $" TEMPLATE {new NpgsqlConnectionStringBuilder(template).Database}";
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}{from}", connection);
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// <c>pg_ctl restart -m immediate</c>: every backend killed without a checkpoint (as a crash), then the server started
    /// again on the same port with the same options, after crash recovery; returns once it accepts connections. The
    /// test process's pooled connections to it are dropped (they died with the server).
    /// </summary>
    public async Task RestartImmediateAsync()
    {
        await CheckAsync(BinDirectory, "pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-m", "immediate", "-w", "-t", "60", "restart"], TimeSpan.FromSeconds(90))
            .ConfigureAwait(false);
        ForgetConnections();
    }

    /// <summary>The first half of <see cref="RestartImmediateAsync"/>: <c>pg_ctl stop -m immediate</c>; the server is down until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopImmediateAsync()
    {
        await CheckAsync(BinDirectory, "pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "60", "stop"], TimeSpan.FromSeconds(90)).ConfigureAwait(false);
        ForgetConnections();
    }

    /// <summary>Starts the server stopped by <see cref="StopImmediateAsync"/> again, on the same port with the same options.</summary>
    public async Task StartAgainAsync()
    {
        await CheckAsync(BinDirectory, "pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", ServerOptions(_root, Port), "start"], TimeSpan.FromSeconds(90))
            .ConfigureAwait(false);
    }

    /// <summary>Stops a cluster of <see cref="StartOwnAsync"/> (immediately: nothing in it is kept) and removes its directory.</summary>
    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    /// <summary>Drops this process's pooled administrator connections to the server, which did not survive its stop.</summary>
    private void ForgetConnections()
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    private string DataDirectory => Path.Combine(_root, "data");

    private string LogFile => Path.Combine(_root, "server.log");

    private static async Task<PostgresServer> StartAsync()
    {
        var bin = Binaries.Directory!;
        await RemoveOrphansAsync(bin).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var root = Directory.CreateTempSubdirectory(DirectoryPrefix).FullName;
        await File.WriteAllTextAsync(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        await PostgresCommand.HandOverAsync(root).ConfigureAwait(false);
        var data = Path.Combine(root, "data");
        await CheckAsync(
            bin, "initdb", ["-D", data, "--auth=trust", "-U", PostgresCommand.ServiceUser, "-E", "UTF8", "--no-locale", "--no-sync"], TimeSpan.FromSeconds(60))
            .ConfigureAwait(false);

        // A free port may be taken between the probe and the start (another test process): a few tries.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var (code, output) = await PostgresCommand.RunAsync(
                Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o", ServerOptions(root, port), "start"], TimeSpan.FromSeconds(90))
                .ConfigureAwait(false);
            if (code == 0)
            {
                var server = new PostgresServer(bin, root, port, clock.Elapsed);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
                return server;
            }

            if (attempt == 3)
            {
                var log = File.Exists(Path.Combine(root, "server.log")) ? await File.ReadAllTextAsync(Path.Combine(root, "server.log")).ConfigureAwait(false) : "";
                throw new InvalidOperationException($"pg_ctl start failed ({code}): {output.Trim()}\n{log}");
            }
        }
    }

    // A `serve` holds about 50 sessions (Hangfire's workers among them): two tests of two runners each, run at once, went
    // past 200 ("too many clients already").
    // ORCHESTRATOR_TEST_PG_OPTIONS adds server options for a profiling run (e.g. "-c shared_preload_libraries=pg_stat_statements").
    private static string ServerOptions(string root, int port) =>
        $"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={root} -c fsync=on -c max_connections=400 {System.Environment.GetEnvironmentVariable("ORCHESTRATOR_TEST_PG_OPTIONS")}".TrimEnd();

    private static async Task CheckAsync(string bin, string program, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var (code, output) = await PostgresCommand.RunAsync(Path.Combine(bin, program), arguments, timeout).ConfigureAwait(false);
        if (code != 0)
        {
            throw new InvalidOperationException($"{program} failed ({code}): {output.Trim()}");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// At process exit: the cluster stops at once (nothing in it is kept) and its directory goes — in a detached shell,
    /// because the test platform kills its host soon after the run (a leftover is removed by the next process anyway).
    /// </summary>
    private void Stop() => StopDetached(BinDirectory, _root);

    private static void StopDetached(string bin, string root)
    {
        var pgCtl = Quote(Path.Combine(bin, "pg_ctl"));
        var asUser = PostgresCommand.AsServiceUser ? $"runuser -u {PostgresCommand.ServiceUser} -- " : "";
        var script = $"{asUser}{pgCtl} -D {Quote(Path.Combine(root, "data"))} -m immediate -w stop; rm -rf {Quote(root)}";
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var a in new[] { "sh", "-c", $"({script}) >/dev/null 2>&1 </dev/null" })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start);
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Clusters of test processes that died without stopping theirs (killed by a timeout, say).</summary>
    private static async Task RemoveOrphansAsync(string bin)
    {
        foreach (var root in Directory.GetDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            var ownerFile = Path.Combine(root, OwnerFile);
            if (!File.Exists(ownerFile) || !int.TryParse(await File.ReadAllTextAsync(ownerFile).ConfigureAwait(false), out var owner) || IsAlive(owner))
            {
                continue;
            }

            if (File.Exists(Path.Combine(root, "data", "postmaster.pid")))
            {
                await PostgresCommand.RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", Path.Combine(root, "data"), "-m", "immediate", "-w", "stop"], TimeSpan.FromSeconds(30))
                    .ConfigureAwait(false);
            }

            TryDelete(root);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
