using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

/// <summary>A simulated world on a real SQLite file in a fresh temp directory, with a fake clock.</summary>
internal sealed class TestWorld : IDisposable
{
    private long nextStep;

    public TestWorld()
    {
        Directory = Path.Combine(Path.GetTempPath(), "orchestrator-world-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        DatabasePath = Path.Combine(Directory, "world.db");
        Store = new SqliteWorldStateStore(DatabasePath);
        World = new SimulatedWorld(Store, Time);
    }

    public string Directory { get; }

    public string DatabasePath { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.Zero));

    public SqliteWorldStateStore Store { get; }

    public SimulatedWorld World { get; }

    /// <summary>A fresh effect key (procedure 1, next step, generation 1).</summary>
    public EffectKey Key() => new(1, (int)Interlocked.Increment(ref nextStep), 1);

    /// <summary>Another world on the same file, as a second process would open it.</summary>
    public SimulatedWorld OpenAgain(TimeProvider? time = null) =>
        new(new SqliteWorldStateStore(DatabasePath), time ?? Time);

    /// <summary>
    /// Rewrites the file in the one-document form world.db had before the world moved into rows: a world_state row
    /// holding <paramref name="document"/>, and of the newer tables only those named in <paramref name="keep"/>.
    /// </summary>
    public async Task RewriteAsDocumentFormAsync(WorldState document, params string[] keep)
    {
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath}"))
        {
            await connection.OpenAsync();
            var tables = await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'world%';");
            foreach (var table in tables.Where(t => !keep.Contains(t)))
            {
                await connection.ExecuteAsync($"DROP TABLE {table};");
            }

            await connection.ExecuteAsync(
                """
                CREATE TABLE world_state (id INTEGER PRIMARY KEY CHECK (id = 1), state_json TEXT NOT NULL, version INTEGER NOT NULL);
                INSERT INTO world_state (id, state_json, version) VALUES (1, @json, 7);
                """,
                new { json = WorldStateJson.Serialize(document) });
        }

        SqliteConnection.ClearAllPools();
    }

    /// <summary>The names of the world file's tables.</summary>
    public async Task<List<string>> TablesAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        return [.. await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;")];
    }

    public Task<WorldSnapshot> SnapshotAsync() => World.SnapshotAsync(CancellationToken.None);

    /// <summary>Moves EXCH1 from node1 to node2 the way a switchover would: stop, unmount, release, then the reverse.</summary>
    public async Task SwitchOverAsync(string from, string to)
    {
        foreach (var service in SampleCluster.Services.Reverse())
        {
            await World.EnsureStoppedAsync(from, service, Key(), CancellationToken.None);
        }

        foreach (var volume in SampleCluster.Volumes)
        {
            await World.EnsureUnmountedAsync(from, volume, Key(), CancellationToken.None);
        }

        await World.EnsureReleasedAsync(from, SampleCluster.Address, Key(), CancellationToken.None);
        foreach (var volume in SampleCluster.Volumes)
        {
            await World.EnsureMountedAsync(to, volume, Key(), CancellationToken.None);
        }

        await World.EnsureOwnedAsync(to, SampleCluster.Address, Key(), CancellationToken.None);
        foreach (var service in SampleCluster.Services)
        {
            await World.EnsureStartedAsync(to, service, Key(), CancellationToken.None);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a pooled handle may still be closing.
        }
    }
}
