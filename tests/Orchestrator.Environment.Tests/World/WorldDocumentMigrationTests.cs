using Dapper;
using Microsoft.Data.Sqlite;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

/// <summary>Issue 11: a world.db in the one-document form (world_state) moves into rows on first open, in one transaction.</summary>
public sealed class WorldDocumentMigrationTests : SeededWorldTests
{
    [Fact]
    public async Task A_document_beside_the_ledger_and_fault_tables_moves_into_rows_and_keeps_everything()
    {
        await T.SwitchOverAsync("node1", "node2");
        var key = new EffectKey(9, 9, 1);
        await T.World.EnsureStoppedAsync("node2", "MSExchangeMTA", key, None);
        await T.World.EnsureStartedAsync("node2", "MSExchangeMTA", T.Key(), None);
        await T.World.SetLatencyAsync(EffectKind.ShareCreate, TimeSpan.FromSeconds(4), None);
        await T.World.FailNextAsync(EffectKind.VolumeUnmount, "F", 1, None);
        await T.World.FailPathAsync("node1", "node3");
        await T.World.FailNodeAsync("node3");
        var before = await T.SnapshotAsync();
        var document = await T.Store.ReadAsync(None);
        document.Faults = new WorldFaults();

        // The form main had after the ledger and faults got their tables: the rest of the world in one document.
        await T.RewriteAsDocumentFormAsync(document, "world_effects", "world_faults", "world_latencies");
        var reopened = T.OpenAgain();
        var after = await reopened.SnapshotAsync(None);

        Assert.DoesNotContain("world_state", await T.TablesAsync());
        Assert.Equal(Describe(before), Describe(after));
        Assert.Equal(before.Applied, after.Applied);
        Assert.Equal(before.Calls, after.Calls);
        Assert.Equal(before.Outages.Count, after.Outages.Count);
        Assert.False(await reopened.IsPathUpAsync("node3", "node1", None));
        Assert.Equal(TimeSpan.FromSeconds(4), await reopened.LatencyOfAsync(EffectKind.ShareCreate, None));
        await reopened.EnsureStoppedAsync("node2", "MSExchangeMTA", key, None);
        Assert.Equal(1, (await reopened.SnapshotAsync(None)).Replayed[EffectKind.ServiceStop]);
        await Assert.ThrowsAsync<EnvironmentException>(() => reopened.EnsureUnmountedAsync("node1", "F", T.Key(), None));
    }

    [Fact]
    public async Task A_document_that_cannot_be_read_leaves_the_file_as_it_was()
    {
        await T.RewriteAsDocumentFormAsync(await T.Store.ReadAsync(None));
        await using (var connection = new SqliteConnection($"Data Source={T.DatabasePath}"))
        {
            await connection.ExecuteAsync("UPDATE world_state SET state_json = '{\"Nodes\": 7}';");
        }

        await Assert.ThrowsAnyAsync<Exception>(() => T.OpenAgain().SnapshotAsync(None));

        Assert.Equal(["world_state"], (await T.TablesAsync()).Where(t => t.StartsWith("world", StringComparison.Ordinal)));
    }

    private static string Describe(WorldSnapshot snapshot) =>
        string.Join(
            "\n",
            snapshot.Nodes.Select(n => $"{n.Name} up={n.Up} fenced={n.Fenced} mirror={n.Mirror} shares={string.Join(",", n.Shares)} "
                + string.Join(",", n.Services.Select(s => $"{s.Name}:{s.State}")))
                .Concat(snapshot.Volumes.Select(v => $"{v.Name}@{v.MountedOn}"))
                .Concat(snapshot.Addresses.Select(a => $"{a.Address}@{a.Owner}"))
                .Concat(snapshot.DnsRecords.Select(d => $"{d.Type} {d.Name}->{d.Target}"))
                .Concat(snapshot.Hierarchies.Select(h => $"{h.Name} on {string.Join(",", h.InServiceNodes)}")));
}
