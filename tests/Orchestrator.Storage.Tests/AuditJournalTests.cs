using Dapper;
using Microsoft.Data.Sqlite;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests;

/// <summary>What only SQLite keeps of the journal (its own triggers); the provider-neutral cases are in <see cref="Contracts.AuditJournalContract"/>.</summary>
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
}
