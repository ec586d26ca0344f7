using Dapper;
using Npgsql;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.PostgreSql;

namespace Orchestrator.Storage.Tests.Postgres;

/// <summary>db/postgres by DbUp: every script once, and the journal's guarantees the schema itself keeps.</summary>
public sealed class PostgresMigrationTests
{
    [SkippableFact]
    public async Task Migrating_RunsEveryScriptOnce_AndAgainChangesNothing()
    {
        await using var db = await PostgresDatabase.CreateAsync(migrate: false);
        PostgresMigrator.Migrate(db.Connections);
        await using var connection = await db.Connections.OpenAsync(CancellationToken.None);
        var scripts = Directory.GetFiles(Path.Combine(RepositoryRoot(), "db", "postgres"), "*.sql").Length;
        Assert.Equal(scripts, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schemaversions"));

        PostgresMigrator.Migrate(db.Connections);
        Assert.Equal(scripts, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schemaversions"));
        Assert.Equal(AuditHasher.Genesis, await connection.ExecuteScalarAsync<string>("SELECT hash FROM audit_head"));
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_head"));
    }

    [SkippableFact]
    public async Task RunnersMigratingAtOnce_QueueOnTheLock_AndEveryScriptRunsOnce()
    {
        await using var db = await PostgresDatabase.CreateAsync(migrate: false);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runners = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            PostgresMigrator.Migrate(db.Connections);
        })).ToList();
        start.SetResult();
        await Task.WhenAll(runners);

        await using var connection = await db.Connections.OpenAsync(CancellationToken.None);
        var scripts = Directory.GetFiles(Path.Combine(RepositoryRoot(), "db", "postgres"), "*.sql").Length;
        Assert.Equal(scripts, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schemaversions"));
    }

    [SkippableFact]
    public async Task TheAuditLog_IsAppendOnly_UpdateDeleteAndTruncateAreRefused()
    {
        await using var db = await PostgresDatabase.CreateAsync();
        await using var connection = await db.Connections.OpenAsync(CancellationToken.None);
        await AppendAsync(connection, AuditHasher.Genesis, "h1");

        foreach (var sql in new[] { "UPDATE audit_log SET reason = 'rewritten'", "DELETE FROM audit_log", "TRUNCATE audit_log" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(sql));
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }

        Assert.Equal(("because", 1L), await connection.QuerySingleAsync<(string, long)>("SELECT MIN(reason), COUNT(*) FROM audit_log"));
    }

    [SkippableFact]
    public async Task ARow_ThatDoesNotExtendTheChainsHead_IsRefused_SoAWriterWithoutTheHeadLockCannotFork()
    {
        await using var db = await PostgresDatabase.CreateAsync();
        await using var connection = await db.Connections.OpenAsync(CancellationToken.None);
        await AppendAsync(connection, AuditHasher.Genesis, "h1");

        // A second writer that read the head before the first appended: its row would fork the chain.
        var fork = await Assert.ThrowsAsync<PostgresException>(() => AppendAsync(connection, AuditHasher.Genesis, "h2"));
        Assert.Equal((PostgresErrorCodes.SerializationFailure, "audit_head"), (fork.SqlState, fork.ConstraintName));
        await AppendAsync(connection, "h1", "h2");
        Assert.Equal(("h2", true), await connection.QuerySingleAsync<(string, bool)>(
            "SELECT hash, last_id = (SELECT MAX(id) FROM audit_log) FROM audit_head")); // ids may have gaps (a refused row used one)
    }

    private static Task AppendAsync(NpgsqlConnection connection, string prev, string hash) => connection.ExecuteAsync(
        """
        INSERT INTO audit_log (at, kind, trigger_name, actor, reason, prev_hash, hash)
        VALUES (now(), 'test', 'Requested', 'alice', 'because', @prev, @hash)
        """, new { prev, hash });

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
