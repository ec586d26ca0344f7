using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

/// <summary>
/// Issue 11 (idle serve): the world's observation mark (<see cref="IObservationMark"/>) stays the same while the world is
/// only read, and changes with every write to its file — this process's or another's (the CLI's <c>world fail-node</c>) —
/// so the monitor may keep a quiet round's answers and never keeps a stale one.
/// </summary>
public sealed class WorldObservationMarkTests : SeededWorldTests
{
    [Fact]
    public async Task The_mark_stays_while_the_world_is_only_read_and_moves_with_a_write_of_this_process()
    {
        var before = await MarkAsync(T.World);
        await ((INodeProbe)T.World).ProbeNodesAsync(["node1", "node2"], 1, None);
        await ((IPathProbe)T.World).ProbePathsAsync([("node1", "node2")], 1, None);
        await T.World.ReadResourcesAsync(new NodeResourceQuery("node1", SampleCluster.Services, SampleCluster.Volumes, [], []), None);
        var quiet = await MarkAsync(T.World);

        await T.World.FailServiceAsync("node1", "MSExchangeIS");
        var written = await MarkAsync(T.World);

        Assert.NotNull(before);
        Assert.Equal(before, quiet);
        Assert.NotEqual(quiet, written);
        Assert.Equal(written, await MarkAsync(T.World));
    }

    [Fact]
    public async Task The_mark_moves_when_another_process_writes_the_same_file()
    {
        var before = await MarkAsync(T.World);

        await T.OpenAgain().FailNodeAsync("node1");

        Assert.NotEqual(before, await MarkAsync(T.World));
        Assert.False(await T.World.IsUpAsync("node1", None));
    }

    [Fact]
    public async Task A_world_in_memory_cannot_tell_so_it_is_asked_every_time()
    {
        var world = new SimulatedWorld(new InMemoryWorldStateStore(), T.Time);

        Assert.Null(await MarkAsync(world));
    }

    [Fact]
    public async Task Disposing_the_store_closes_the_marks_connection_so_the_last_close_checkpoints_the_file()
    {
        await MarkAsync(T.World);
        await T.World.FailServiceAsync("node1", "MSExchangeIS");
        Assert.True(new FileInfo(T.DatabasePath + "-wal").Length > 0);

        T.Store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        // The process's last connection to the file closed: SQLite moved the WAL into the file and removed it.
        var wal = new FileInfo(T.DatabasePath + "-wal");
        Assert.False(wal.Exists && wal.Length > 0, $"world.db-wal still holds {(wal.Exists ? wal.Length : 0)} bytes: a connection was left open");
    }

    private static Task<long?> MarkAsync(SimulatedWorld world) => ((IObservationMark)world).ObservationMarkAsync(CancellationToken.None);
}
