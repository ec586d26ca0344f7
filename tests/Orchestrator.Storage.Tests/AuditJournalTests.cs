using Dapper;
using Microsoft.Data.Sqlite;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests;

public sealed class AuditJournalTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly SqliteAuditJournal _journal;

    public AuditJournalTests() => _journal = new SqliteAuditJournal(_db.Connections);

    public void Dispose() => _db.Dispose();

    private async Task AppendAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _journal.AppendAsync(new NewAuditEntry(DateTimeOffset.UnixEpoch.AddMinutes(i), i, "switchover", "exch1", "A", "B", "StepSucceeded", "bob", $"row {i}"), CancellationToken.None);
        }
    }

    [Fact]
    public async Task TheDatabase_RefusesUpdateAndDelete_OfAuditRows()
    {
        await AppendAsync(2);
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        var update = await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("UPDATE audit_log SET actor = 'mallory'"));
        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("DELETE FROM audit_log"));
        Assert.Equal(2, (await _journal.ListAsync(new AuditQuery(), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Verify_HoldsForAnUntouchedChain_AndFindsTheFirstTamperedRow()
    {
        await AppendAsync(5);
        Assert.Equal(new AuditVerification(5, null), await _journal.VerifyAsync(CancellationToken.None));

        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET reason = 'rewritten' WHERE id = 3");
        var verification = await _journal.VerifyAsync(CancellationToken.None);
        Assert.Equal(3, verification.FirstBrokenId);
    }

    [Fact]
    public async Task List_FiltersByHierarchy_InChronologicalOrder()
    {
        await AppendAsync(3);
        await _journal.AppendAsync(new NewAuditEntry(DateTimeOffset.UnixEpoch, null, "cluster", null, null, null, "Apply", "bob", "applied"), CancellationToken.None);
        var rows = await _journal.ListAsync(new AuditQuery(Hierarchy: "EXCH1"), CancellationToken.None);
        Assert.Equal(["row 0", "row 1", "row 2"], rows.Select(r => r.Reason));
    }
}
