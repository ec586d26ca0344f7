using Dapper;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>The audit journal's contract on SQLite.</summary>
public sealed class SqliteAuditJournalTests : AuditJournalContract, IDisposable
{
    private readonly TempDatabase _db = new();

    protected override IAuditJournal OpenJournal() => new SqliteAuditJournal(_db.Connections);

    protected override async Task TamperAsync(long id, string reason)
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET reason = @reason WHERE id = @id", new { id, reason });
    }

    public void Dispose() => _db.Dispose();
}
