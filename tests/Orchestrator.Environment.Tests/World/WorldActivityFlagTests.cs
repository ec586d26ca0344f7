using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

/// <summary>
/// Issue 11: judging whether a hierarchy of many services is in service on a node (the invariants and outages checked
/// around a start or stop) reads each service row's stored "running or starting" flag, not the rows themselves; a row
/// written before the flag existed (NULL) is read and judged as before.
/// </summary>
public sealed class WorldActivityFlagTests : IAsyncLifetime
{
    private const string Hierarchy = "BIG1";

    private static readonly string[] Services =
        [.. Enumerable.Range(1, 30).Select(i => string.Create(CultureInfo.InvariantCulture, $"BigSvc{i:D2}"))];

    private readonly TestWorld t = new();

    private static CancellationToken None => CancellationToken.None;

    public Task InitializeAsync() =>
        t.World.SeedAsync(SampleCluster.Create(SampleCluster.Exchange(Hierarchy, services: Services)), None);

    public Task DisposeAsync()
    {
        t.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Stopping_and_starting_one_of_thirty_services_reads_none_of_the_other_service_rows_and_tracks_the_outage()
    {
        await t.World.EnsureStoppedAsync("node1", Services[7], t.Key(), None);
        Assert.True(t.Store.LastUpdateRows.Read <= 10, $"stop: {t.Store.LastUpdateRows}");
        var stopped = await t.SnapshotAsync();
        Assert.Empty(stopped.InServiceNodes(Hierarchy));
        Assert.Null(Assert.Single(stopped.Outages).EndedAt);

        await t.World.EnsureStartedAsync("node1", Services[7], t.Key(), None);
        Assert.True(t.Store.LastUpdateRows.Read <= 10, $"start: {t.Store.LastUpdateRows}");
        var started = await t.SnapshotAsync();
        Assert.Equal(["node1"], started.InServiceNodes(Hierarchy));
        Assert.NotNull(Assert.Single(started.Outages).EndedAt);
        Assert.Empty(await t.Store.ReadAsync(s => s.InvariantViolations.ToList(), None));
    }

    [Fact]
    public async Task Rows_written_before_the_flag_existed_are_read_and_judged_as_before()
    {
        await ExecuteAsync("UPDATE world_services SET indexed = NULL;");

        await t.World.EnsureStoppedAsync("node1", Services[7], t.Key(), None);
        Assert.Null(Assert.Single((await t.SnapshotAsync()).Outages).EndedAt);

        await ExecuteAsync("UPDATE world_services SET indexed = NULL;");
        await t.World.EnsureStartedAsync("node1", Services[7], t.Key(), None);
        var started = await t.SnapshotAsync();
        Assert.Equal(["node1"], started.InServiceNodes(Hierarchy));
        Assert.NotNull(Assert.Single(started.Outages).EndedAt);
    }

    [Fact]
    public async Task The_flag_lives_in_the_column_only_and_a_row_keeps_its_json()
    {
        await t.World.EnsureStoppedAsync("node1", Services[3], t.Key(), None);

        await using var connection = new SqliteConnection($"Data Source={t.DatabasePath}");
        var rows = (await connection.QueryAsync<(string Key, string Indexed, string Json)>(
            "SELECT key, indexed, json FROM world_services WHERE scope = 'node1' AND key LIKE 'BigSvc%';")).ToList();
        Assert.Equal(Services.Length, rows.Count);
        Assert.All(rows, r => Assert.DoesNotContain(nameof(ServiceRecord.RunsOrStarts), r.Json, StringComparison.Ordinal));
        Assert.Equal(
            Services.Select(s => s == Services[3] ? "idle" : "runs").Order(),
            rows.Select(r => r.Indexed).Order());
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={t.DatabasePath}");
        await connection.ExecuteAsync(sql);
    }
}
