using Dapper;
using Microsoft.Data.SqlClient;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.SqlServer;

namespace Orchestrator.Storage.Tests.SqlServer;

/// <summary>
/// db/sqlserver by DbUp: every script once (again: a no-op; four runners at once: queued on sp_getapplock), and the
/// journal's guarantees the schema itself keeps. Skipped, with the reason, without ORCHESTRATOR_SQLSERVER.
/// </summary>
public sealed class SqlServerMigrationTests
{
    [SkippableFact]
    public async Task Migrating_RunsEveryScriptOnce_AndAgainChangesNothing()
    {
        await using var db = new SqlServerContractDatabase(migrate: false);
        await db.InitializeAsync();
        SqlServerMigrator.Migrate(db.Connections);
        await using var connection = await db.Connections.OpenAsync(CancellationToken.None);
        Assert.Equal(Scripts(), await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM dbo.schemaversions"));

        SqlServerMigrator.Migrate(db.Connections);
        Assert.Equal(Scripts(), await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM dbo.schemaversions"));
        Assert.Equal(AuditHasher.Genesis, await connection.ExecuteScalarAsync<string>("SELECT hash FROM audit_head"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM audit_head"));
    }

    [SkippableFact]
    public async Task RunnersMigratingAtOnce_QueueOnTheAppLock_AndEveryScriptRunsOnce()
    {
        await using var db = new SqlServerContractDatabase(migrate: false);
        await db.InitializeAsync();
        var connections = db.Connections;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runners = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            SqlServerMigrator.Migrate(connections);
        })).ToList();
        start.SetResult();
        await Task.WhenAll(runners);

        await using var connection = await connections.OpenAsync(CancellationToken.None);
        Assert.Equal(Scripts(), await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM dbo.schemaversions"));
    }

    [SkippableFact]
    public async Task TheAuditLog_IsAppendOnly_UpdateAndDeleteAreRefusedByTheTriggers()
    {
        await using var db = new SqlServerContractDatabase();
        await db.InitializeAsync();
        await using var connection = await db.Connections.OpenAsync(CancellationToken.None);
        await AppendAsync(connection, AuditHasher.Genesis, "h1");

        foreach (var sql in new[] { "UPDATE audit_log SET reason = 'rewritten'", "DELETE FROM audit_log" })
        {
            var refused = await Assert.ThrowsAsync<SqlException>(() => connection.ExecuteAsync(sql));
            Assert.Equal(50003, refused.Number);
            Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal(("because", 1), await connection.QuerySingleAsync<(string, int)>("SELECT MIN(reason), COUNT(*) FROM audit_log"));
    }

    [SkippableFact]
    public async Task ARow_ThatDoesNotExtendTheChainsHead_IsRefused_SoAWriterWithoutTheHeadLockCannotFork()
    {
        await using var db = new SqlServerContractDatabase();
        await db.InitializeAsync();
        await using var connection = await db.Connections.OpenAsync(CancellationToken.None);
        await AppendAsync(connection, AuditHasher.Genesis, "h1");

        // A second writer that read the head before the first appended: its row would fork the chain.
        var fork = await Assert.ThrowsAsync<SqlException>(() => AppendAsync(connection, AuditHasher.Genesis, "h2"));
        Assert.Equal(50001, fork.Number);
        Assert.Contains("[audit_head]", fork.Message, StringComparison.Ordinal);
        await AppendAsync(connection, "h1", "h2");
        Assert.Equal(("h2", 1), await connection.QuerySingleAsync<(string, int)>(
            "SELECT hash, CASE WHEN last_id = (SELECT MAX(id) FROM audit_log) THEN 1 ELSE 0 END FROM audit_head"));
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM audit_log"));
    }

    private static Task AppendAsync(SqlConnection connection, string prev, string hash) => connection.ExecuteAsync(
        """
        INSERT INTO audit_log (at, kind, trigger_name, actor, reason, prev_hash, hash)
        VALUES (SYSUTCDATETIME(), 'test', 'Requested', 'alice', 'because', @prev, @hash)
        """, new { prev, hash });

    private static int Scripts() => Directory.GetFiles(Path.Combine(RepositoryRoot(), "db", "sqlserver"), "*.sql").Length;

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
