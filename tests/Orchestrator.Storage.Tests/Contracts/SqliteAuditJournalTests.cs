using Dapper;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>The audit journal's contract on SQLite.</summary>
public sealed class SqliteAuditJournalTests : AuditJournalContract, IDisposable
{
    private readonly TempDatabase _db = new();

    protected override IAuditJournal OpenJournal() => new SqliteAuditJournal(_db.Connections);

    protected override async Task TamperAsync(string sql, object? param = null)
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; " + sql, param);
    }

    protected override Task RenumberAsync(long id, long newId) => TamperAsync("UPDATE audit_log SET id = @newId WHERE id = @id", new { id, newId });

    [Fact]
    public async Task Verify_ReportsARowWithAnUnparsableTime_AsBroken_InsteadOfCrashing()
    {
        var journal = OpenJournal();
        for (var i = 0; i < 3; i++)
        {
            await journal.AppendAsync(new NewAuditEntry(T0.AddMinutes(i), i, "switchover", "exch1", "A", "B", "StepSucceeded", "bob", $"row {i}"), CancellationToken.None);
        }

        await TamperAsync("UPDATE audit_log SET at = 'yesterday noon' WHERE id = 2");

        var verification = await journal.VerifyAsync(CancellationToken.None);

        Assert.Equal((2L, (long?)2), (verification.RowsChecked, verification.FirstBrokenId));
        Assert.Equal("row 2 is broken: its time 'yesterday noon' is not an instant", verification.Problem);
    }

    public void Dispose() => _db.Dispose();
}
