using Dapper;
using Microsoft.Data.Sqlite;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

/// <summary>
/// Issue 13 (the storm's conflicts on a node's row): a node's shares are rows of their own in world_shares, scoped by
/// the node, as its services are; restoring or removing a share writes its own row and never the node's row, which
/// every other effect on that node reads. A world.db made when the shares were inside the node's row keeps them.
/// </summary>
public sealed class WorldShareRowsTests : IAsyncLifetime
{
    private readonly TestWorld t = new();

    private static CancellationToken None => CancellationToken.None;

    public Task InitializeAsync() => t.World.SeedAsync(SampleCluster.Create(), None);

    public Task DisposeAsync()
    {
        t.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Removing_and_restoring_a_share_writes_its_own_row_and_leaves_the_node_row_as_it_was()
    {
        var nodeRow = await NodeRowAsync();

        await t.World.EnsureRemovedAsync("node1", "Address", t.Key(), None);
        Assert.Equal(nodeRow, await NodeRowAsync());
        Assert.DoesNotContain("Address", await SharesAsync("node1"));

        await t.World.EnsureSharedAsync("node1", "address", t.Key(), None);
        Assert.Equal(nodeRow, await NodeRowAsync());
        Assert.Contains("Address", await SharesAsync("node1"));
        Assert.Contains("Address", (await t.SnapshotAsync()).Node("node1").Shares);
    }

    [Fact]
    public async Task A_world_file_whose_node_rows_hold_their_shares_keeps_them_when_opened()
    {
        var before = (await t.SnapshotAsync()).Nodes.ToDictionary(n => n.Name, n => n.Shares);
        Assert.NotEmpty(before["node1"]);
        await using (var connection = new SqliteConnection($"Data Source={t.DatabasePath};Pooling=False"))
        {
            // The form of a file written before the shares had rows of their own.
            await connection.ExecuteAsync(
                """
                UPDATE world_nodes SET json = json_set(json, '$.Shares',
                    (SELECT json_group_array(key) FROM (SELECT key FROM world_shares WHERE scope = world_nodes.key ORDER BY rowid)));
                DROP TABLE world_shares;
                """);
        }

        var reopened = await t.OpenAgain().SnapshotAsync(None);

        Assert.Equal(before, reopened.Nodes.ToDictionary(n => n.Name, n => n.Shares), new SharesComparer());
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM world_nodes WHERE json_type(json, '$.Shares') IS NOT NULL;"));
        await t.OpenAgain().EnsureRemovedAsync("node1", "Address", t.Key(), None);
        Assert.DoesNotContain("Address", (await t.OpenAgain().SnapshotAsync(None)).Node("node1").Shares);
    }

    [Fact]
    public async Task Restoring_a_share_every_hierarchy_carries_reads_one_hierarchy_not_all()
    {
        using var many = new TestWorld();
        await many.World.SeedAsync(
            SampleCluster.Create([.. Enumerable.Range(1, 30).Select(i =>
                SampleCluster.Exchange($"EXCH{i}", volumes: [$"V{i}"], address: $"10.0.1.{i}", dnsName: $"exch{i}.lab.local"))]),
            None);
        var store = new SqliteWorldStateStore(many.DatabasePath);

        await new SimulatedWorld(store, many.Time).EnsureRemovedAsync("node1", "address", many.Key(), None);

        Assert.True(store.LastUpdateRows.Read <= 10, $"{store.LastUpdateRows}");
        Assert.DoesNotContain("Address", (await many.SnapshotAsync()).Node("node1").Shares);
    }

    private async Task<string> NodeRowAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={t.DatabasePath};Pooling=False");
        return await connection.QuerySingleAsync<string>("SELECT json FROM world_nodes WHERE key = 'node1';");
    }

    private async Task<List<string>> SharesAsync(string node)
    {
        await using var connection = new SqliteConnection($"Data Source={t.DatabasePath};Pooling=False");
        return [.. await connection.QueryAsync<string>("SELECT key FROM world_shares WHERE scope = @node;", new { node })];
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={t.DatabasePath};Pooling=False");
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private sealed class SharesComparer : IEqualityComparer<Dictionary<string, IReadOnlyList<string>>>
    {
        public bool Equals(Dictionary<string, IReadOnlyList<string>>? x, Dictionary<string, IReadOnlyList<string>>? y) =>
            x!.Count == y!.Count && x.All(e => y.TryGetValue(e.Key, out var other) && e.Value.SequenceEqual(other));

        public int GetHashCode(Dictionary<string, IReadOnlyList<string>> obj) => obj.Count;
    }
}
