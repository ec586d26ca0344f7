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

    protected override async Task TamperAsync(long id, string reason)
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update; UPDATE audit_log SET reason = @reason WHERE id = @id", new { id, reason });
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();
}
