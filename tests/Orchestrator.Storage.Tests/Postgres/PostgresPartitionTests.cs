using System.Diagnostics;
using Npgsql;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Storage.Tests.Postgres;

/// <summary>
/// Issue 13, partition of a runner from the database: a runner cut off in the middle of a transaction (its process alive,
/// its connection silent, so the server sees neither a close nor a reset) must not keep its row locks on the server, or
/// the runner taking its work over waits on them for as long as the partition lasts. Skipped without PostgreSQL.
/// </summary>
public sealed class PostgresPartitionTests
{
    [SkippableFact]
    public async Task ASessionCutOffInTheMiddleOfATransaction_GivesItsRowLocksBack_WithinTheIdleInTransactionLimit()
    {
        Skip.If(PostgresServer.MissingReason is not null, PostgresServer.MissingReason);
        await using var db = await PostgresDatabase.CreateAsync(migrate: false);
        await using (var setup = new NpgsqlConnection(db.ConnectionString))
        {
            await setup.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE held (id integer PRIMARY KEY); INSERT INTO held VALUES (1);", setup);
            await create.ExecuteNonQueryAsync();
        }

        await using var proxy = PartitionableProxy.To(db.ConnectionString);
        await using var cutOff = new PostgresConnectionFactory(proxy.Route(db.ConnectionString));
        await using var session = await cutOff.OpenAsync(CancellationToken.None);
        await using var transaction = await session.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("SELECT id FROM held WHERE id = 1 FOR UPDATE", session, transaction))
        {
            Assert.Equal(1, await take.ExecuteScalarAsync());
        }

        proxy.Partition();
        var clock = Stopwatch.StartNew();
        await using var other = new NpgsqlConnection(db.ConnectionString);
        await other.OpenAsync();
        await using var wait = new NpgsqlCommand("SET lock_timeout = '25s'; SELECT id FROM held WHERE id = 1 FOR UPDATE", other) { CommandTimeout = 30 };

        var got = await Record.ExceptionAsync(() => wait.ExecuteScalarAsync());
        var waited = clock.Elapsed;
        proxy.Heal(); // so that the cut-off session's rollback, as it is disposed, does not wait out its command timeout

        Assert.True(got is null, $"the row stayed locked by the cut-off session for {waited.TotalSeconds:F1} s: {got?.Message}");
        Assert.True(waited < PostgresConnectionDefaults.IdleInTransactionLimit + TimeSpan.FromSeconds(5), $"the row was given back only after {waited.TotalSeconds:F1} s");
    }
}
