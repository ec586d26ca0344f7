using Npgsql;
using Orchestrator.Storage.PostgreSql;

namespace Orchestrator.Storage.Tests.Postgres;

/// <summary>
/// Issue 13, "Database restart": what PostgreSQL's provider calls an outage (worth waiting for, said once) and what it does
/// not. A connection the server ended — as every backend is ended by `pg_ctl restart -m immediate` — is one, naming
/// host:port and never the connection string; an SQL error is not.
/// </summary>
public sealed class PostgresAvailabilityTests
{
    [SkippableFact]
    public async Task AConnectionTheServerEnded_IsAnOutageNamingHostAndPort_AndAnSqlErrorIsNot()
    {
        await using var db = await PostgresDatabase.CreateAsync(migrate: false);
        var availability = new PostgresAvailability(db.Connections);
        var endpoint = new NpgsqlConnectionStringBuilder(db.ConnectionString) is var b ? $"{b.Host}:{b.Port}" : "";

        await using var ended = await db.Connections.OpenAsync(CancellationToken.None);
        await using (var admin = await db.Connections.OpenAsync(CancellationToken.None))
        {
            await ExecuteAsync(admin, $"SELECT pg_terminate_backend({ended.ProcessID})");
        }

        var lost = await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(ended, "SELECT 1"));
        var outage = availability.Unavailable(lost);
        Assert.NotNull(outage);
        Assert.Equal(endpoint, outage.Endpoint);
        Assert.StartsWith($"database unavailable ({endpoint}): ", outage.Message, StringComparison.Ordinal);
        Assert.False(outage.Recovering);
        Assert.Same(outage, availability.Unavailable(outage));

        await using var alive = await db.Connections.OpenAsync(CancellationToken.None);
        var syntax = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(alive, "SELEC 1"));
        Assert.Null(availability.Unavailable(syntax));
        Assert.Null(availability.Unavailable(new InvalidOperationException("not a database failure")));
    }

    [SkippableFact]
    public async Task AStartingServersAnswerWithADetail_IsSaidOnOneLine_WithoutTheDetail()
    {
        await using var db = await PostgresDatabase.CreateAsync(migrate: false);
        var availability = new PostgresAvailability(db.Connections);

        // What a server in crash recovery answers (57P03): its message comes with a DETAIL, which Npgsql puts on lines of
        // their own when the connection string includes error detail; an operator's log line says it on one.
        var starting = new PostgresException(
            "the database system is not yet accepting connections", "FATAL", "FATAL", PostgresErrorCodes.CannotConnectNow,
            detail: "Consistent recovery state has not been yet reached.");
        Assert.Contains('\n', starting.Message);

        var outage = availability.Unavailable(new NpgsqlException("Exception while connecting", starting));
        Assert.NotNull(outage);
        Assert.True(outage.Recovering);
        Assert.DoesNotContain('\n', outage.Message);
        Assert.EndsWith("57P03: the database system is not yet accepting connections", outage.Message, StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
