using System.Text.RegularExpressions;
using Npgsql;
using Orchestrator.EndToEnd.Tests.Infrastructure;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 13 point 5: on PostgreSQL without ORCHESTRATOR_WORLD the simulated world is in the database (schema world), so
/// two data directories on one database act on one world: seeded by `cluster apply` in one, moved by `switchover --wait`
/// in the other, a node failed by `world fail-node` in the first, and `world show` the same from both; neither data
/// directory gets a world.db. Skipped, with the reason, without PostgreSQL's binaries.
/// </summary>
public sealed class PostgresWorldCliTests
{
    [SkippableFact]
    public async Task WithoutOrchestratorWorld_TwoDataDirectoriesOnOneDatabase_ActOnOneWorld_InTheDatabase()
    {
        Skip.If(PostgresServer.MissingReason is not null, PostgresServer.MissingReason);
        var connection = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        using var a = new TempDataDir();
        using var b = new TempDataDir();
        foreach (var dir in new[] { a, b })
        {
            dir.Environment["ORCHESTRATOR_STORE"] = "postgres";
            dir.Environment["ORCHESTRATOR_CONNECTION"] = connection;
            dir.Environment["ORCHESTRATOR_WORLD"] = ""; // unset, whatever the test process has
            dir.Environment["ORCHESTRATOR_KEYS_DIR"] = a.Sibling("keys"); // one key ring for the database's credentials
        }

        (await a.RunAsync("db", "migrate")).ShouldExitWith(0);
        await a.ApplyAsync(Samples.TwoNode);
        (await b.RunAsync("switchover", "exch1", "--to", "node2", "--wait")).ShouldExitWith(0);
        (await a.RunAsync("world", "fail-node", "node1")).ShouldExitWith(0);

        var fromA = (await a.RunAsync("world", "show", "--json")).ShouldExitWith(0);
        var fromB = (await b.RunAsync("world", "show", "--json")).ShouldExitWith(0);
        Assert.Equal(WithoutTimes(fromA.StdOut), WithoutTimes(fromB.StdOut)); // each read says when it was taken
        var world = Json.Parse<WorldJson>(fromB);
        Assert.Equal(["node2"], world.InServiceNodesOf("exch1"));
        Assert.False(world.Nodes.Single(n => n.Name == "node1").Up);
        Assert.True(world.Nodes.Single(n => n.Name == "node2").Up);

        await using (var db = new NpgsqlConnection(connection))
        {
            await db.OpenAsync();
            await using var nodes = new NpgsqlCommand("SELECT count(*) FROM world.world_nodes", db);
            Assert.Equal(2L, await nodes.ExecuteScalarAsync()); // the world's rows are in PostgreSQL
        }

        Assert.False(File.Exists(Path.Combine(a.Path, "world.db")), "a world.db was created in the first data directory");
        Assert.False(File.Exists(Path.Combine(b.Path, "world.db")), "a world.db was created in the second data directory");
    }

    private static string WithoutTimes(string json) =>
        Regex.Replace(json, "\"\\d{4}-\\d{2}-\\d{2}T[^\"]*\"", "\"(time)\"");
}
