using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

/// <summary>Issue 11: the world's writers of one process queue on the world file's write gate, released after every write.</summary>
public sealed class WorldWriteGateTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly TestWorld t = new();

    public void Dispose() => t.Dispose();

    [Fact]
    public async Task An_update_waits_for_the_write_gate_held_by_another_writer_of_the_same_file()
    {
        await t.World.SeedAsync(SampleCluster.Create(), CancellationToken.None);

        // The holder opened its connection but began no transaction: only the gate, not SQLite, can hold the update back.
        var holder = await Task.Run(() => new WorldFile(t.DatabasePath).ConnectForWriteAsync(CancellationToken.None));
        var update = t.Store.UpdateAsync(_ => 1, CancellationToken.None);
        await Task.Delay(200);
        Assert.False(update.IsCompleted, "the update ran while another writer of the file held the gate");

        await holder.DisposeAsync();
        Assert.Equal(1, await update.WaitAsync(Patience));
    }

    [Fact]
    public async Task An_update_that_throws_releases_the_gate_and_the_next_updates_apply()
    {
        await t.World.SeedAsync(SampleCluster.Create(), CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => t.Store.UpdateAsync<int>(_ => throw new InvalidOperationException("refused"), CancellationToken.None));

        await t.World.FailNodeAsync("node3").WaitAsync(Patience);
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => t.Store.UpdateAsync(_ => i, CancellationToken.None)))).WaitAsync(Patience);

        Assert.Equal(Enumerable.Range(0, 16), results);
        Assert.False((await t.SnapshotAsync()).Node("node3").Up);
    }
}
