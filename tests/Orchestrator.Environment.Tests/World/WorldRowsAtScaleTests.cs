using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Orchestrator.Domain.Cluster;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

/// <summary>
/// Issue 11: the world in tables. In a world of 1,000 hierarchies an effect on one of them reads and writes a handful of
/// rows (counted by the store, not timed), and the invariants and outages are still recorded on that path.
/// </summary>
public sealed class WorldRowsAtScaleTests : IAsyncLifetime
{
    private const int Hierarchies = 1_000;
    private const int Nodes = 10;
    private const int Volumeless = 999;

    private readonly TestWorld t = new();

    private static CancellationToken None => CancellationToken.None;

    public Task InitializeAsync() => t.World.SeedAsync(Definition(), None);

    public Task DisposeAsync()
    {
        t.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_switchover_of_one_hierarchy_of_a_thousand_reads_and_writes_a_handful_of_rows_per_effect()
    {
        var rows = new List<(string Effect, WorldUpdateRows Rows)>();
        async Task Effect(string name, Func<Task> effect)
        {
            await effect();
            rows.Add((name, t.Store.LastUpdateRows));
        }

        var (from, to) = (Primary(500), Backup(500));
        foreach (var service in Services(500).Reverse())
        {
            await Effect($"stop {service}", () => t.World.EnsureStoppedAsync(from, service, t.Key(), None));
        }

        await Effect("unmount", () => t.World.EnsureUnmountedAsync(from, Volume(500), t.Key(), None));
        await Effect("release", () => t.World.EnsureReleasedAsync(from, Address(500), t.Key(), None));
        await Effect("mount", () => t.World.EnsureMountedAsync(to, Volume(500), t.Key(), None));
        await Effect("acquire", () => t.World.EnsureOwnedAsync(to, Address(500), t.Key(), None));
        foreach (var service in Services(500))
        {
            await Effect($"start {service}", () => t.World.EnsureStartedAsync(to, service, t.Key(), None));
        }

        Assert.All(rows, r => Assert.True(r.Rows.Read <= 8 && r.Rows.Written <= 8, $"{r.Effect}: {r.Rows}"));
        Assert.Equal(to, await t.World.GetMountedNodeAsync(Volume(500), None));
        Assert.Equal(ServiceState.Running, await t.World.GetStateAsync(to, Services(500)[0], None));
        Assert.Equal(0, await CountAsync("world_violations"));
        Assert.Equal(1, await CountAsync("world_outages"));
    }

    [Fact]
    public async Task A_takeover_from_a_dead_unfenced_node_is_still_recorded_as_a_violation_among_a_thousand()
    {
        var (from, to) = (Primary(7), Backup(7));
        await t.World.FailNodeAsync(from);

        await t.World.EnsureMountedAsync(to, Volume(7), t.Key(), None);
        Assert.True(t.Store.LastUpdateRows.Read <= 20, $"mount: {t.Store.LastUpdateRows}");

        var violations = await t.Store.ReadAsync(s => s.InvariantViolations.ToList(), None);
        var violation = Assert.Single(violations);
        Assert.StartsWith($"FenceBeforeTakeover: volume {Volume(7)} was mounted on {to} while {from}, down and not fenced,", violation, StringComparison.Ordinal);
        Assert.Equal(1, await t.Store.ReadAsync(s => s.Counters.Violations.GetValueOrDefault(nameof(WorldInvariant.FenceBeforeTakeover)), None));
    }

    [Fact]
    public async Task A_hierarchy_brought_in_service_on_a_second_node_is_recorded_as_a_split_among_a_thousand()
    {
        // The one hierarchy without volumes: starting its service on its backup puts it in service on two nodes.
        await t.World.EnsureStartedAsync(Backup(Volumeless), Services(Volumeless)[0], t.Key(), None);
        await t.World.EnsureStartedAsync(Backup(Volumeless), Services(Volumeless)[0], t.Key(), None);

        var violations = await t.Store.ReadAsync(s => s.InvariantViolations.ToList(), None);
        var violation = Assert.Single(violations);
        Assert.StartsWith(
            $"SingleActiveNode: {Name(Volumeless)} is in service on {string.Join(" and ", new[] { Primary(Volumeless), Backup(Volumeless) }.Order(StringComparer.OrdinalIgnoreCase))} at once (ServiceStart {Backup(Volumeless)}/",
            violation,
            StringComparison.Ordinal);
        Assert.Equal(1, await t.Store.ReadAsync(s => s.Counters.Violations.GetValueOrDefault(nameof(WorldInvariant.SingleActiveNode)), None));
    }

    private async Task<long> CountAsync(string table)
    {
        await using var connection = new SqliteConnection($"Data Source={t.DatabasePath}");
        return await connection.QuerySingleAsync<long>($"SELECT count(*) FROM {table};");
    }

    private static ClusterDefinition Definition()
    {
        var at = SourceLocation.Unknown;
        return new ClusterDefinition(
            "scale",
            ClusterSettings.Defaults,
            [.. Enumerable.Range(1, Nodes).Select(n => new NodeDefinition(NodeName(n), null, false, at))],
            [],
            [.. Enumerable.Range(0, Hierarchies).Select(h => SampleCluster.Exchange(
                Name(h), Primary(h), Backup(h), h == Volumeless ? [] : [Volume(h)], Address(h), $"{Name(h)}.contoso.com", Services(h)))],
            at);
    }

    private static string NodeName(int n) => string.Create(CultureInfo.InvariantCulture, $"node{n}");

    private static string Name(int h) => string.Create(CultureInfo.InvariantCulture, $"h{h:D4}");

    private static string Primary(int h) => NodeName((h % (Nodes - 2)) + 1);

    private static string Backup(int h) => NodeName(Nodes - 1 + (h % 2));

    private static string Volume(int h) => string.Create(CultureInfo.InvariantCulture, $"V{h}");

    private static string Address(int h) => string.Create(CultureInfo.InvariantCulture, $"10.1.{h / 250}.{(h % 250) + 1}");

    private static string[] Services(int h) => h == Volumeless ? [$"{Name(h)}-Spooler"] : [$"{Name(h)}-SA", $"{Name(h)}-IS"];
}
