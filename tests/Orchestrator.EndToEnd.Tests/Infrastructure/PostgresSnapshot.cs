using Orchestrator.Testing.Postgres;

namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A scenario's starting state on PostgreSQL, made once per test process and copied into each test case: the database
/// (left without connections, so <see cref="PostgresServer.CreateDatabaseAsync"/> copies it as a template) and the data
/// directory's files (world.db and the key ring in keys/; not the logs nor runner.lock). Each case gets a fresh database and data directory in the
/// state the scenario's commands left, without running them again: on PostgreSQL every command also connects and checks
/// the migrations, and the failback's setup is seven of them.
/// </summary>
public sealed class PostgresSnapshot
{
    private readonly TempDataDir _made;

    private PostgresSnapshot(TempDataDir made)
    {
        _made = made;
    }

    /// <summary>Runs <paramref name="scenario"/> in a fresh data directory on a fresh, migrated database, and keeps the result until the process exits.</summary>
    public static async Task<PostgresSnapshot> MakeAsync(Func<TempDataDir, Task> scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var made = new TempDataDir();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => made.Dispose();
        await made.UseAsync(TestStore.Postgres);
        await scenario(made);
        return new PostgresSnapshot(made);
    }

    /// <summary>Puts <paramref name="dir"/> (not yet created) in the snapshot's state, on a copy of its database of its own.</summary>
    public async Task CopyToAsync(TempDataDir dir)
    {
        ArgumentNullException.ThrowIfNull(dir);
        var connection = await (await PostgresServer.GetAsync()).CreateDatabaseAsync(_made.Environment["ORCHESTRATOR_CONNECTION"]);
        Directory.CreateDirectory(dir.Path);
        foreach (var file in Directory.GetFiles(_made.Path).Where(f => Path.GetFileName(f) != "runner.lock"))
        {
            File.Copy(file, Path.Combine(dir.Path, Path.GetFileName(file)));
        }

        // The directory credentials in the copied database decrypt only with the key ring that encrypted them (issue 16).
        var keys = Path.Combine(_made.Path, "keys");
        if (Directory.Exists(keys))
        {
            var copy = Directory.CreateDirectory(Path.Combine(dir.Path, "keys"));
            if (!OperatingSystem.IsWindows())
            {
                copy.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            }

            foreach (var key in Directory.GetFiles(keys))
            {
                File.Copy(key, Path.Combine(copy.FullName, Path.GetFileName(key)));
            }
        }

        dir.Environment["ORCHESTRATOR_STORE"] = "postgres";
        dir.Environment["ORCHESTRATOR_CONNECTION"] = connection;
    }
}
