using Dapper;
using Npgsql;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.PostgreSql;

namespace Orchestrator.Storage.Tests.Postgres;

/// <summary>
/// Audit rows on PostgreSQL are written pending, in the transaction they record, and linked into the chain after their
/// commit (db/postgres/0013): an open transaction's rows hold up no other writer, the chain follows the commits, a
/// pending row cannot be changed, and one left by a writer that died is linked by the next reader.
/// </summary>
public sealed class PostgresAuditPendingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);
    private PostgresDatabase? _db;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    private PostgresConnectionFactory Connections => _db!.Connections;

    private async Task CreateAsync() => _db = await PostgresDatabase.CreateAsync();

    private static NewAuditEntry Entry(string actor, int n) => new(T0.AddSeconds(n), null, "test", "exch1", null, null, "Tested", actor, $"row {n}");

    [SkippableFact]
    public async Task AWriterWithAnOpenTransaction_DoesNotHoldUpAnotherWritersCommit()
    {
        await CreateAsync();
        await using var first = await Connections.OpenAsync(CancellationToken.None);
        await using var open = await first.BeginTransactionAsync();
        await PostgresAuditWriter.AppendAsync(first, open, [Entry("first", 1)]);

        // Before db/postgres/0013 the second append waited here on the chain's head row until the first committed.
        var second = Task.Run(async () =>
        {
            await using var connection = await Connections.OpenAsync(CancellationToken.None);
            await using var tx = await connection.BeginTransactionAsync();
            await PostgresAuditWriter.AppendAsync(connection, tx, [Entry("second", 2)]);
            await tx.CommitAsync();
        });
        var finished = await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(5)));
        Assert.True(finished == second, "the second writer's commit waited on the first writer's open transaction");
        await second;

        Assert.Equal(1, await Connections.AuditLinker.LinkAsync(CancellationToken.None)); // the open transaction's row is not visible yet
        await open.CommitAsync();
        Assert.Equal(1, await Connections.AuditLinker.LinkAsync(CancellationToken.None));

        var journal = new PostgresAuditJournal(Connections);
        var rows = await journal.ListAsync(new AuditQuery(), CancellationToken.None);
        Assert.Equal(["second", "first"], rows.Select(r => r.Actor)); // the chain follows the commits
        Assert.Null((await journal.VerifyAsync(CancellationToken.None)).FirstBrokenId);
    }

    [SkippableFact]
    public async Task ARowLeftPending_ByAWriterThatDiedAfterItsCommit_IsLinkedByTheNextRead()
    {
        await CreateAsync();
        await using (var connection = await Connections.OpenAsync(CancellationToken.None))
        {
            await using var tx = await connection.BeginTransactionAsync();
            await PostgresAuditWriter.AppendAsync(connection, tx, [Entry("died", 1), Entry("died", 2)]);
            await tx.CommitAsync(); // and no nudge: the writer is gone
        }

        await using var check = await Connections.OpenAsync(CancellationToken.None);
        Assert.Equal(2L, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_pending"));

        var journal = new PostgresAuditJournal(Connections);
        Assert.Equal(2, (await journal.ListAsync(new AuditQuery(), CancellationToken.None)).Count);
        Assert.Equal(0L, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_pending"));
        Assert.Equal(2L, await check.ExecuteScalarAsync<long>("SELECT last_id FROM audit_head") - await check.ExecuteScalarAsync<long>("SELECT min(id) FROM audit_log") + 1);
        Assert.Null((await journal.VerifyAsync(CancellationToken.None)).FirstBrokenId);
    }

    [SkippableFact]
    public async Task APendingRow_CannotBeChangedOrDeleted_ButByTheLink()
    {
        await CreateAsync();
        await using var connection = await Connections.OpenAsync(CancellationToken.None);
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await PostgresAuditWriter.AppendAsync(connection, tx, [Entry("alice", 1)]);
            await tx.CommitAsync();
        }

        foreach (var sql in new[] { "UPDATE audit_pending SET reason = 'rewritten'", "DELETE FROM audit_pending", "TRUNCATE audit_pending" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(sql));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }

        Assert.Equal(1, await Connections.AuditLinker.LinkAsync(CancellationToken.None));
        Assert.Equal(("row 1", 0L), await connection.QuerySingleAsync<(string, long)>("SELECT (SELECT reason FROM audit_log), (SELECT count(*) FROM audit_pending)"));
    }

    [SkippableFact]
    public async Task ManyCommitsNudgingAtOnce_AreLinkedInFewerLinksThanCommits_IntoOneUnbrokenChain()
    {
        await CreateAsync();
        const int Writers = 8, Appends = 25;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < Appends; i++)
            {
                await using var connection = await Connections.OpenAsync(CancellationToken.None);
                await using var tx = await connection.BeginTransactionAsync();
                await PostgresAuditWriter.AppendAsync(connection, tx, [Entry($"writer{w}", i)]);
                await tx.CommitAsync();
                Connections.AuditLinker.Nudge();
            }
        })));
        await Connections.AuditLinker.DrainAsync(TimeSpan.FromSeconds(10));

        var journal = new PostgresAuditJournal(Connections);
        Assert.Null((await journal.VerifyAsync(CancellationToken.None)).FirstBrokenId);
        Assert.Equal(Writers * Appends, (await journal.ListAsync(new AuditQuery { Limit = 1000 }, CancellationToken.None)).Count);
        Assert.InRange(Connections.AuditLinker.BackgroundLinks, 1, (Writers * Appends) - 1);
    }
}
