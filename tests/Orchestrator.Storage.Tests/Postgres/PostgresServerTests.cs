using System.Diagnostics;
using Npgsql;
using Xunit.Abstractions;

namespace Orchestrator.Storage.Tests.Postgres;

/// <summary>The test fixture itself: a real server of its own, durable commits, a fresh database per caller.</summary>
public sealed class PostgresServerTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task TheFixture_StartsAServer_WithFsyncOn_OnLoopback_AndGivesEachCallerItsOwnEmptyDatabase()
    {
        var server = await PostgresTests.ServerAsync();
        var clock = Stopwatch.StartNew();
        var first = await server.CreateDatabaseAsync();
        var second = await server.CreateDatabaseAsync();
        output.WriteLine($"cluster started in {server.StartTime.TotalMilliseconds:0} ms; two databases created in {clock.ElapsedMilliseconds} ms");
        Assert.NotEqual(new NpgsqlConnectionStringBuilder(first).Database, new NpgsqlConnectionStringBuilder(second).Database);

        await using var connection = new NpgsqlConnection(first);
        await connection.OpenAsync();
        Assert.Equal("on", await Scalar<string>(connection, "SHOW fsync"));
        Assert.Equal("on", await Scalar<string>(connection, "SHOW synchronous_commit"));
        Assert.Equal("127.0.0.1", await Scalar<string>(connection, "SHOW listen_addresses"));
        Assert.Equal(0L, await Scalar<long>(connection, "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'"));
        await using (var create = new NpgsqlCommand("CREATE TABLE t (x int)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using var other = new NpgsqlConnection(second);
        await other.OpenAsync();
        Assert.Equal(0L, await Scalar<long>(other, "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'"));
        Assert.True(server.StartTime < TimeSpan.FromSeconds(60), $"the cluster took {server.StartTime} to start");
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
