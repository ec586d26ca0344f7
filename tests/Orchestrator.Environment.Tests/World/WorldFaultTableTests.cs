using Dapper;
using Microsoft.Data.Sqlite;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

/// <summary>Issue 11: injected faults and latencies live in their own small tables of world.db, not in the world's document.</summary>
public sealed class WorldFaultTableTests : SeededWorldTests
{
    [Fact]
    public async Task Reading_a_latency_does_not_read_the_world_rows()
    {
        await T.World.SetLatencyAsync(EffectKind.ServiceStop, TimeSpan.FromSeconds(3), None);
        await ExecuteAsync("UPDATE world_nodes SET json = 'not a node';");

        Assert.Equal(TimeSpan.FromSeconds(3), await T.OpenAgain().LatencyOfAsync(EffectKind.ServiceStop, None));
        Assert.Equal(TimeSpan.Zero, await T.OpenAgain().LatencyOfAsync(EffectKind.ServiceStart, None));
    }

    [Fact]
    public async Task Injected_faults_are_rows_of_their_own_tables_and_not_in_the_world_rows()
    {
        await T.World.FailNextAsync(EffectKind.VolumeMount, "F", 2, None);
        await T.World.SetLatencyAsync(EffectKind.ServiceStart, TimeSpan.FromSeconds(1), None);
        await T.World.FailServiceAsync("node2", "MSExchangeIS", None);

        Assert.Equal(0, await QuerySingleAsync<long>("SELECT count(*) FROM world_nodes WHERE json LIKE '%Remaining%' OR json LIKE '%Latenc%';"));
        Assert.Equal(TimeSpan.FromSeconds(1).Ticks, await QuerySingleAsync<long>("SELECT latency_ticks FROM world_latencies WHERE kind = 'ServiceStart';"));
        Assert.Contains("\"Remaining\":2", await QuerySingleAsync<string>("SELECT faults_json FROM world_faults WHERE id = 1;"), StringComparison.Ordinal);

        // The faults still act, through another store on the same file, and a consumed one is gone from the table.
        var other = T.OpenAgain();
        await Assert.ThrowsAsync<EnvironmentException>(() => other.EnsureMountedAsync("node1", "F", T.Key(), None));
        Assert.Contains("\"Remaining\":1", await QuerySingleAsync<string>("SELECT faults_json FROM world_faults WHERE id = 1;"), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(1), await other.LatencyOfAsync(EffectKind.ServiceStart, None));

        await other.ClearFaultsAsync(None);
        Assert.Equal(0, await QuerySingleAsync<long>("SELECT count(*) FROM world_latencies;"));
        Assert.DoesNotContain("Remaining", await QuerySingleAsync<string>("SELECT faults_json FROM world_faults WHERE id = 1;"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_old_document_with_faults_inside_opens_and_its_faults_move_to_the_tables()
    {
        var state = await T.Store.ReadAsync(None);
        state.Faults.Latencies[nameof(EffectKind.ServiceStop)] = TimeSpan.FromSeconds(5);
        state.Faults.FailNext.Add(new FailNextRule { Kind = EffectKind.ServiceStop, Target = "MSExchangeIS", Remaining = 1 });
        await T.RewriteAsDocumentFormAsync(state);

        var reopened = T.OpenAgain();
        Assert.Equal(TimeSpan.FromSeconds(5), await reopened.LatencyOfAsync(EffectKind.ServiceStop, None));
        await reopened.SetLatencyAsync(EffectKind.ServiceStop, TimeSpan.Zero, None);
        await Assert.ThrowsAsync<EnvironmentException>(() => reopened.EnsureStoppedAsync("node1", "MSExchangeIS", T.Key(), None));
        await reopened.EnsureStoppedAsync("node1", "MSExchangeIS", T.Key(), None);

        Assert.Equal(ServiceState.Stopped, (await reopened.SnapshotAsync(None)).ServiceStateOn("node1", "MSExchangeIS"));
    }

    private async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = new SqliteConnection($"Data Source={T.DatabasePath}");
        await connection.ExecuteAsync(sql, parameters);
    }

    private async Task<TValue> QuerySingleAsync<TValue>(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={T.DatabasePath}");
        return await connection.QuerySingleAsync<TValue>(sql);
    }
}
