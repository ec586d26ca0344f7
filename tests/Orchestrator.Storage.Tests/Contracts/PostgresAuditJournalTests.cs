using Dapper;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.PostgreSql;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>The audit journal's contract on PostgreSQL (each case on a database of its own); skipped, with the reason, without the server.</summary>
public sealed class PostgresAuditJournalTests : AuditJournalContract, IAsyncLifetime
{
    private readonly PostgresContractDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    protected override IAuditJournal OpenJournal() => new PostgresAuditJournal(_db.Connections);

    protected override async Task TamperAsync(string sql, object? param = null)
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("ALTER TABLE audit_log DISABLE TRIGGER USER; " + sql, param);
    }

    /// <summary>The identity only lets an id be updated to DEFAULT: a superuser drops it first.</summary>
    protected override Task RenumberAsync(long id, long newId) =>
        TamperAsync("ALTER TABLE audit_log ALTER COLUMN id DROP IDENTITY; UPDATE audit_log SET id = @newId WHERE id = @id", new { id, newId });

    [SkippableFact]
    public async Task AJournalWrittenBeforeTheSequenceWasHashed_GoesOnInVersion2_AndStillVerifies()
    {
        await using (var connection = await _db.Connections.OpenAsync(CancellationToken.None))
        {
            // Two rows as the writer of db/postgres/0005 wrote them: hashed by its audit_hash (no id), hash_version left at its default.
            for (var i = 0; i < 2; i++)
            {
                await connection.ExecuteAsync(
                    """
                    INSERT INTO audit_log (at, kind, trigger_name, actor, reason, prev_hash, hash)
                    SELECT c.at, 'cluster', 'Apply', 'bob', @reason, h.hash, audit_hash(c.at, NULL, 'cluster', NULL, NULL, NULL, 'Apply', 'bob', @reason, NULL, h.hash, NULL)
                      FROM audit_head h CROSS JOIN (SELECT now() AS at) c WHERE h.one FOR UPDATE OF h
                    """,
                    new { reason = $"old {i}" });
            }
        }

        var journal = OpenJournal();
        await journal.AppendAsync(new NewAuditEntry(T0, 1, "switchover", "exch1", "A", "B", "Requested", "bob", "new 0"), CancellationToken.None);
        await journal.AppendAsync(new NewAuditEntry(T0, 1, "switchover", "exch1", "B", "C", "StepSucceeded", "bob", "new 1"), CancellationToken.None);

        var rows = await journal.ListAsync(new AuditQuery(), CancellationToken.None);
        Assert.Equal([1, 1, 2, 2], rows.Select(r => r.HashVersion));
        Assert.Equal(new AuditVerification(4, null), await journal.VerifyAsync(CancellationToken.None));
        Assert.Equal(new AuditHead(rows[^1].Id, rows[^1].Hash), await journal.HeadAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task AnIdUsedByATransactionThatRolledBack_LeavesAGap_ThatVerifyAccepts()
    {
        var journal = OpenJournal();
        await journal.AppendAsync(new NewAuditEntry(T0, null, "cluster", null, null, null, "Apply", "bob", "before"), CancellationToken.None);
        await _db.Connections.AuditLinker.LinkAsync(CancellationToken.None); // in the chain (db/postgres/0013) before the id is used up
        await using (var connection = await _db.Connections.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("SELECT nextval(pg_get_serial_sequence('audit_log', 'id'))"); // as an append that rolled back
        }

        await journal.AppendAsync(new NewAuditEntry(T0, null, "cluster", null, null, null, "Apply", "bob", "after"), CancellationToken.None);

        var rows = await journal.ListAsync(new AuditQuery(), CancellationToken.None);
        Assert.Equal(rows[0].Id + 2, rows[1].Id);
        Assert.Equal(new AuditVerification(2, null), await journal.VerifyAsync(new AuditHead(rows[1].Id, rows[1].Hash), CancellationToken.None));
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();
}
