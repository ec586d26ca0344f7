using Dapper;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.SqlServer;
using Orchestrator.Storage.Tests.Contracts;

namespace Orchestrator.Storage.Tests.SqlServer;

/// <summary>The audit journal's contract on SQL Server (each case on a database of its own); skipped, with the reason, without ORCHESTRATOR_SQLSERVER.</summary>
public sealed class SqlServerAuditJournalTests : AuditJournalContract, IAsyncLifetime
{
    private readonly SqlServerContractDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    protected override IAuditJournal OpenJournal() => new SqlServerAuditJournal(_db.Connections);

    protected override async Task TamperAsync(long id, string reason)
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(
            "DISABLE TRIGGER audit_log_no_update ON audit_log; UPDATE audit_log SET reason = @reason WHERE id = @id", new { id, reason });
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();
}
